/* perms.c — the permission catalogue and a user's set: loading it for the editor, saving it
 * (versioned, in one transaction with its audit row) and the defaults of a new user. */
#include "perms.h"

#include <stdio.h>
#include <string.h>

#include "analytics.h"
#include "util.h"

// clang-format off
/* The catalogue in display order, with whether the user holds each, and the set's version. */
#define CATALOGUE_SQL                                                                              \
	"SELECT p.id, p.code, p.group_name, p.label, COALESCE(p.level_id, 0),"                     \
	" COALESCE(al.code, ''), up.user_id IS NOT NULL"                                           \
	" FROM permissions p LEFT JOIN analytics_levels al ON al.id = p.level_id"                  \
	" LEFT JOIN user_permissions up ON up.permission_id = p.id AND up.user_id = ?"             \
	" ORDER BY p.sort_order, p.id"
// clang-format on

/* The user's version and kind: 1, 0 for no such user, or a negative rc. lock: FOR UPDATE. */
static int user_version(struct db *db, int64_t user_id, bool lock, int64_t *version, bool *subuser,
			bool *deleted)
{
	struct db_param in[1] = {DB_PINT(user_id)};
	struct db_col col[3] = {DB_CINT, DB_CINT, DB_CINT};
	struct db_query q = {
	    .sql = lock
		       ? "SELECT permissions_version, parent_id IS NOT NULL, deleted_at IS NOT NULL"
			 " FROM users WHERE id = ? FOR UPDATE"
		       : "SELECT permissions_version, parent_id IS NOT NULL, deleted_at IS NOT NULL"
			 " FROM users WHERE id = ?",
	    .in = in,
	    .nin = 1,
	    .out = col,
	    .nout = 3,
	};
	int rc = db_get(db, &q);

	if (rc == 1) {
		*version = col[0].i;
		*subuser = col[1].i != 0;
		*deleted = col[2].i != 0;
	}
	return rc;
}

/* The catalogue with the user's grants into s (arena a). Returns DB_OK or a negative rc. */
static int catalogue(struct db *db, struct perm_set *s, struct arena *a)
{
	struct perm p;
	struct db_param in[1] = {DB_PINT(s->user_id)};
	struct db_col col[7] = {DB_CINT,
				DB_CTEXT(p.slug),
				DB_CTEXT(p.group),
				DB_CTEXT(p.label),
				DB_CINT,
				DB_CTEXT(p.level_code),
				DB_CINT};
	struct db_query q = {.sql = CATALOGUE_SQL, .in = in, .nin = 1, .out = col, .nout = 7};
	int rc;

	size_t rows;

	s->n = 0;
	if ((rc = db_exec(db, &q)) < 0)
		return rc;
	rows = (size_t)mysql_stmt_num_rows(q.st); /* the rows are buffered: all of them */
	if (!(s->v = arena_alloc(a, (rows + 1) * sizeof *s->v))) {
		db_end(&q);
		return DB_ERR;
	}
	while ((rc = db_fetch(db, &q)) == 1) {
		if (s->n == rows) {
			rc = DB_ERR;
			break;
		}
		p.id = col[0].i;
		p.level = (int)col[4].i;
		p.granted = col[6].i != 0;
		p.available = p.level == 0 || (p.level < 32 && (s->held & ANALYTICS_BIT(p.level)));
		s->v[s->n++] = p;
	}
	db_end(&q);
	return rc < 0 ? rc : DB_OK;
}

/* Everything perms_load reads, the user's row locked when lock is set (inside a save). */
static int load(struct db *db, int64_t user_id, bool lock, struct arena *a, struct perm_set *out,
		bool *deleted)
{
	int rc;

	memset(out, 0, sizeof *out);
	out->user_id = user_id;
	if ((rc = user_version(db, user_id, lock, &out->version, &out->subuser, deleted)) <= 0)
		return rc;
	if ((rc = analytics_levels_held(db, user_id, &out->held)) < 0 ||
	    (rc = catalogue(db, out, a)) < 0)
		return rc;
	return 1;
}

int perms_load(struct db *db, int64_t user_id, struct arena *a, struct perm_set *out)
{
	bool deleted;

	return load(db, user_id, false, a, out, &deleted);
}

size_t perms_effective(const struct perm_set *s)
{
	size_t n = 0;

	for (size_t i = 0; i < s->n; i++)
		n += s->v[i].granted && s->v[i].available;
	return n;
}

void perms_reason(const struct perm_set *s, const struct perm *p, char *out, size_t cap)
{
	snprintf(out, cap, "%sno %s licence", s->subuser ? "parent has " : "", p->level_code);
}

/* Saving ------------------------------------------------------------------------------------ */

/* The newest change of user_id's set, for a 409: "by admin at time (+a -b)". */
static int last_change(struct db *db, int64_t user_id, char *out, size_t cap)
{
	char who[68], when[20], what[1024];
	struct db_param in[2] = {DB_PINT(user_id), DB_PTEXT(AUDIT_PERMISSIONS)};
	struct db_col col[3] = {DB_CTEXT(who), DB_CTEXT(when), DB_CTEXT(what)};
	struct db_query q = {
	    .sql = "SELECT COALESCE(a.login, 'an administrator'),"
		   " DATE_FORMAT(al.created_at, '%Y-%m-%d %H:%i:%s'), LEFT(COALESCE(al.detail, "
		   "''), 250)"
		   " FROM audit_log al LEFT JOIN admins a ON a.id = al.admin_id"
		   " WHERE al.user_id = ? AND al.action = ? ORDER BY al.id DESC LIMIT 1",
	    .in = in,
	    .nin = 2,
	    .out = col,
	    .nout = 3,
	};
	char shown[TIME_DISPLAY_MAX];
	int rc = db_get(db, &q);

	if (rc == 1) {
		time_display(when, shown);
		snprintf(out, cap, "by %.64s at %s (%.400s)", who, shown, what);
	} else if (rc == 0)
		snprintf(out, cap, "by another administrator");
	return rc < 0 ? rc : DB_OK;
}

/* Index of slug in the catalogue, or -1. */
static int find(const struct perm_set *s, const char *slug)
{
	for (size_t i = 0; i < s->n; i++)
		if (!strcmp(s->v[i].slug, slug))
			return (int)i;
	return -1;
}

static int grant(struct db *db, int64_t user_id, int64_t perm_id, bool on)
{
	struct db_param in[2] = {DB_PINT(user_id), DB_PINT(perm_id)};
	struct db_query add = {
	    .sql = "INSERT INTO user_permissions (user_id, permission_id) VALUES (?, ?)",
	    .in = in,
	    .nin = 2,
	};
	struct db_query del = {
	    .sql = "DELETE FROM user_permissions WHERE user_id = ? AND permission_id = ?",
	    .in = in,
	    .nin = 2,
	};

	return db_run(db, on ? &add : &del);
}

/* Make the changes: want[i] for each available permission. detail gets "+slug ..." for those
 * added, then "-slug ..." for those removed. Returns DB_OK or a negative rc. */
static int apply(struct db *db, struct perm_save *s, const struct perm_set *set, const bool *want,
		 struct buf *detail)
{
	int rc = DB_OK;

	for (int pass = 0; pass < 2 && rc == DB_OK; pass++) {
		bool on = pass == 0; /* additions first, then removals */
		for (size_t i = 0; i < set->n && rc == DB_OK; i++) {
			const struct perm *p = &set->v[i];
			if (!p->available || want[i] != on || p->granted == on)
				continue;
			if ((rc = grant(db, s->user_id, p->id, on)) != DB_OK)
				break;
			if (on)
				s->added++;
			else
				s->removed++;
			if (buf_printf(detail, "%s%c%s", detail->len ? " " : "", on ? '+' : '-',
				       p->slug) < 0)
				rc = DB_ERR;
		}
	}
	return rc;
}

/* One more version of the set, from the one read: DB_OK, or PERMS_STALE when the row holds
 * another (it cannot, with the row locked; the condition says what the save relies on). */
static int bump(struct db *db, int64_t user_id, int64_t version)
{
	struct db_param in[2] = {DB_PINT(user_id), DB_PINT(version)};
	struct db_query q = {
	    .sql = "UPDATE users SET permissions_version = permissions_version + 1"
		   " WHERE id = ? AND permissions_version = ?",
	    .in = in,
	    .nin = 2,
	};
	int rc = db_run(db, &q);

	return rc == DB_OK && q.affected != 1 ? PERMS_STALE : rc;
}

int perms_plan(const struct perm_set *set, bool deleted, struct perm_save *s, bool *want)
{
	s->problem[0] = '\0';
	if (s->nslugs > set->n) {
		snprintf(s->problem, sizeof s->problem, "%zu given, the catalogue holds %zu",
			 s->nslugs, set->n);
		return PERMS_TOO_MANY;
	}
	memset(want, 0, set->n * sizeof *want);
	for (size_t i = 0; i < s->nslugs; i++) {
		int k = find(set, s->slugs[i]);
		if (k < 0) {
			snprintf(s->problem, sizeof s->problem, "%.255s", s->slugs[i]);
			return PERMS_UNKNOWN;
		}
		want[k] = true;
	}
	if (deleted)
		return PERMS_DELETED;
	if (set->version != s->version)
		return PERMS_STALE;
	for (size_t i = 0; i < set->n; i++)
		if (want[i] && !set->v[i].available && !set->v[i].granted) {
			char why[80];
			perms_reason(set, &set->v[i], why, sizeof why);
			snprintf(s->problem, sizeof s->problem, "%s is not available (%s)",
				 set->v[i].slug, why);
			return PERMS_UNAVAILABLE;
		}
	return 0;
}

/* The transaction's body: everything it decides on is read here, the user's row first (locked,
 * so two saves of one user run one after the other and the second sees the first's version). */
static int save_tx(struct db *db, void *arg)
{
	struct perm_save *s = arg;
	struct perm_set set;
	struct buf detail;
	bool deleted, *want;
	int rc = load(db, s->user_id, true, s->arena, &set, &deleted);

	s->added = s->removed = 0;
	s->problem[0] = '\0';
	if (rc <= 0)
		return rc == 0 ? PERMS_NO_USER : rc;
	if (!(want = arena_alloc(s->arena, set.n * sizeof *want + 1)))
		return DB_ERR;
	if ((rc = perms_plan(&set, deleted, s, want)) == PERMS_STALE) {
		rc = last_change(db, s->user_id, s->problem, sizeof s->problem);
		return rc < 0 ? rc : PERMS_STALE;
	}
	if (rc != 0)
		return rc;
	buf_init(&detail);
	rc = apply(db, s, &set, want, &detail);
	if (rc == DB_OK && s->added + s->removed > 0) {
		s->who.user_id = s->user_id;
		s->who.action = AUDIT_PERMISSIONS;
		s->who.detail = buf_str(&detail);
		if ((rc = bump(db, s->user_id, set.version)) == DB_OK)
			rc = audit_write(db, &s->who);
		else if (rc == PERMS_STALE &&
			 last_change(db, s->user_id, s->problem, sizeof s->problem) < 0)
			rc = DB_ERR;
	}
	buf_free(&detail);
	return rc;
}

int perms_save(struct db *db, struct perm_save *s)
{
	return db_tx(db, save_tx, s);
}

int perms_each_held(struct db *db, int64_t user_id, int (*fn)(void *arg, const char *code),
		    void *arg)
{
	char code[260];
	struct db_param in[1] = {DB_PINT(user_id)};
	struct db_col out[1] = {DB_CTEXT(code)};
	struct db_query q = {
	    .sql = "SELECT p.code FROM user_permissions up JOIN permissions p"
		   " ON p.id = up.permission_id WHERE up.user_id = ? ORDER BY p.sort_order, p.id",
	    .in = in,
	    .nin = 1,
	    .out = out,
	    .nout = 1,
	};
	int rc;

	if ((rc = db_exec(db, &q)) < 0)
		return rc;
	while ((rc = db_fetch(db, &q)) == 1)
		if ((rc = fn(arg, code)) < 0)
			break;
	db_end(&q);
	return rc < 0 ? rc : DB_OK;
}

int perms_give_defaults(struct db *db, int64_t user_id, const char *kind)
{
	struct db_param in[2] = {DB_PINT(user_id), DB_PTEXT(kind)};
	struct db_query q = {
	    .sql = "INSERT INTO user_permissions (user_id, permission_id)"
		   " SELECT ?, permission_id FROM permission_defaults WHERE kind = ?",
	    .in = in,
	    .nin = 2,
	};

	return db_run(db, &q);
}
