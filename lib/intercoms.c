/* intercoms.c — queries over intercoms, apartments, residents and keys, within the admin's
 * scope (intercoms.h). A user's keys for an apartment come back as one GROUP_CONCAT column
 * separated by the ASCII unit separator (0x1F), which no key holds, and are split here into an
 * array. */
#include "intercoms.h"

#include <stdlib.h>
#include <string.h>

#define CURSOR_TAG "intercom.apartment"

// clang-format off
/* The scope rule: a superadmin (first ? = 1) sees every resident, an ordinary admin (second ?)
 * a user with at least one camera granted to it. */
#define IN_SCOPE(USER)                                                                             \
	" (? = 1 OR EXISTS (SELECT 1 FROM user_cameras suc"                                        \
	"  JOIN admin_cameras sac ON sac.camera_id = suc.camera_id"                                \
	"  WHERE suc.user_id = " USER " AND sac.admin_id = ?))"
/* An intercom is in scope when one of its residents is. */
#define INTERCOM_IN_SCOPE(INTERCOM)                                                                \
	" (? = 1 OR EXISTS (SELECT 1 FROM apartments sa"                                           \
	"  JOIN apartment_users sau ON sau.apartment_id = sa.id"                                   \
	"  JOIN user_cameras suc ON suc.user_id = sau.user_id"                                     \
	"  JOIN admin_cameras sac ON sac.camera_id = suc.camera_id"                                \
	"  WHERE sa.intercom_id = " INTERCOM " AND sac.admin_id = ?))"
/* A user's keys in an apartment, in one column. */
#define KEYS_OF(APT, USER)                                                                         \
	" COALESCE((SELECT GROUP_CONCAT(k.hex_id ORDER BY k.hex_id SEPARATOR '\x1f')"              \
	"           FROM intercom_keys k WHERE k.apartment_id = " APT " AND k.user_id = " USER     \
	"), '')"
/* A user's apartment links, by intercom then apartment, after a cursor when the first ? is 1. */
#define USER_ROWS_SQL                                                                              \
	"SELECT i.id, i.name, i.address, i.department,"                                            \
	" DATE_FORMAT(i.created_at, '%Y-%m-%d %H:%i:%s'), a.id, a.number,"                         \
	KEYS_OF("a.id", "au.user_id")                                                              \
	" FROM apartment_users au JOIN apartments a ON a.id = au.apartment_id"                     \
	" JOIN intercoms i ON i.id = a.intercom_id"                                                \
	" WHERE au.user_id = ? AND" IN_SCOPE("au.user_id")                                         \
	" AND (? = 0 OR a.intercom_id > ? OR (a.intercom_id = ? AND a.id > ?))"                    \
	" ORDER BY a.intercom_id, a.id LIMIT ?"
/* An intercom's apartments, one row per linked user (or one with no user), in number order;
 * for an ordinary admin only the rows of residents in scope. */
#define RESIDENTS_SQL                                                                              \
	"SELECT a.id, a.number, COALESCE(u.id, 0), COALESCE(u.username, ''),"                      \
	" COALESCE(u.login, ''), COALESCE(u.deleted_at IS NOT NULL, 0),"                           \
	KEYS_OF("a.id", "u.id")                                                                    \
	" FROM apartments a LEFT JOIN apartment_users au ON au.apartment_id = a.id"                \
	" LEFT JOIN users u ON u.id = au.user_id"                                                  \
	" WHERE a.intercom_id = ? AND (? = 1 OR (u.id IS NOT NULL AND" IN_SCOPE("u.id") "))"      \
	" ORDER BY CHAR_LENGTH(a.number), a.number, a.id, u.id LIMIT ?"
// clang-format on

/* The keys of the current row: the fetched text, split in place. */
struct keys {
	struct buf text;
	const char **v;
	size_t n, cap;
};

static void keys_init(struct keys *k)
{
	buf_init(&k->text);
	k->v = NULL;
	k->n = k->cap = 0;
}

static void keys_free(struct keys *k)
{
	buf_free(&k->text);
	free(k->v);
}

/* Split k->text on 0x1F into k->v. Returns 0, or -1 when memory runs out. */
static int keys_split(struct keys *k)
{
	char *p = k->text.data;

	k->n = 0;
	if (!p || !*p)
		return 0;
	for (;;) {
		char *sep = strchr(p, '\x1f');
		if (k->n == k->cap) {
			size_t cap = k->cap ? 2 * k->cap : 8;
			const char **v = realloc(k->v, cap * sizeof *v);
			if (!v)
				return -1;
			k->v = v;
			k->cap = cap;
		}
		k->v[k->n++] = p;
		if (!sep)
			return 0;
		*sep = '\0';
		p = sep + 1;
	}
}

bool intercoms_cursor_fits(const struct cursor *c)
{
	int64_t k;

	return !strcmp(c->tag, CURSOR_TAG) && cursor_key_int(c, 1, INT64_MAX, &k) == 0;
}

int intercoms_of_user(struct db *db, const struct intercom_page *p, intercom_row_fn fn, void *arg,
		      struct cursor *next)
{
	const struct cursor *after = p->after;
	size_t limit = p->limit;
	struct intercom_row r;
	struct keys keys;
	int64_t ikey = 0;
	struct db_param in[8];
	struct db_col out[8] = {DB_CINT,
				DB_CTEXT(r.name),
				DB_CTEXT(r.address),
				DB_CTEXT(r.department),
				DB_CTEXT(r.created_at),
				DB_CINT,
				DB_CTEXT(r.apartment),
				DB_CBUF(&keys.text)};
	struct db_query q = {
	    .sql = USER_ROWS_SQL,
	    .in = in,
	    .nin = 8,
	    .out = out,
	    .nout = 8,
	};
	int n = 0, rc;

	next->id = 0;
	if (!p->who || limit < 1 || limit > INTERCOMS_PAGE_MAX ||
	    (after && !intercoms_cursor_fits(after)))
		return DB_ERR;
	if (after)
		cursor_key_int(after, 1, INT64_MAX, &ikey);
	in[0] = DB_PINT(p->user_id);
	in[1] = DB_PINT(p->who->superadmin ? 1 : 0);
	in[2] = DB_PINT(p->who->admin_id);
	in[3] = DB_PINT(after ? 1 : 0);
	in[4] = DB_PINT(ikey);
	in[5] = DB_PINT(ikey);
	in[6] = DB_PINT(after ? after->id : 0);
	in[7] = DB_PINT((int64_t)limit + 1);
	keys_init(&keys);
	if ((rc = db_exec(db, &q)) < 0)
		goto out;
	while ((rc = db_fetch(db, &q)) == 1) {
		if ((size_t)n == limit)
			break; /* rc stays 1: more follow */
		r.id = out[0].i;
		r.apartment_id = out[5].i;
		if (keys_split(&keys) < 0 ||
		    cursor_set_int(next, CURSOR_TAG, r.apartment_id, r.id) < 0) {
			rc = DB_ERR;
			break;
		}
		r.keys = keys.v;
		r.nkeys = keys.n;
		if (fn(arg, &r) < 0) {
			rc = DB_ERR;
			break;
		}
		n++;
	}
	db_end(&q);
out:
	keys_free(&keys);
	if (rc != 1)
		next->id = 0;
	return rc < 0 ? rc : n;
}

int intercoms_get(struct db *db, const struct intercom_ref *ref, struct intercom *ic)
{
	const struct session *who = ref->who;
	struct db_param in[3] = {DB_PINT(ref->id), DB_PINT(who && who->superadmin ? 1 : 0),
				 DB_PINT(who ? who->admin_id : 0)};
	struct db_col out[5] = {DB_CINT, DB_CTEXT(ic->name), DB_CTEXT(ic->address),
				DB_CTEXT(ic->department), DB_CTEXT(ic->created_at)};
	struct db_query q = {
	    .sql = "SELECT i.id, i.name, i.address, i.department,"
		   " DATE_FORMAT(i.created_at, '%Y-%m-%d %H:%i:%s') FROM intercoms i"
		   " WHERE i.id = ? AND" INTERCOM_IN_SCOPE("i.id"),
	    .in = in,
	    .nin = 3,
	    .out = out,
	    .nout = 5,
	};
	int rc;

	if (!who)
		return DB_ERR;
	if ((rc = db_get(db, &q)) == 1)
		ic->id = out[0].i;
	return rc;
}

int intercoms_residents(struct db *db, const struct intercom_ref *ref, intercom_resident_fn fn,
			void *arg, bool *truncated)
{
	const struct session *who = ref->who;
	struct intercom_resident r;
	struct keys keys;
	int64_t super = who && who->superadmin ? 1 : 0, admin = who ? who->admin_id : 0;
	struct db_param in[5] = {DB_PINT(ref->id), DB_PINT(super), DB_PINT(super), DB_PINT(admin),
				 DB_PINT(INTERCOM_RESIDENTS_MAX + 1)};
	struct db_col out[7] = {
	    DB_CINT, DB_CTEXT(r.apartment), DB_CINT, DB_CTEXT(r.username), DB_CTEXT(r.login),
	    DB_CINT, DB_CBUF(&keys.text)};
	struct db_query q = {
	    .sql = RESIDENTS_SQL,
	    .in = in,
	    .nin = 5,
	    .out = out,
	    .nout = 7,
	};
	int n = 0, rc;

	*truncated = false;
	if (!who)
		return DB_ERR;
	keys_init(&keys);
	if ((rc = db_exec(db, &q)) < 0)
		goto out;
	while ((rc = db_fetch(db, &q)) == 1) {
		if (n == INTERCOM_RESIDENTS_MAX) {
			*truncated = true;
			rc = 0;
			break;
		}
		r.apartment_id = out[0].i;
		r.user_id = out[2].i;
		r.deleted = out[5].i != 0;
		if (keys_split(&keys) < 0) {
			rc = DB_ERR;
			break;
		}
		r.keys = keys.v;
		r.nkeys = keys.n;
		if (fn(arg, &r) < 0) {
			rc = DB_ERR;
			break;
		}
		n++;
	}
	db_end(&q);
out:
	keys_free(&keys);
	return rc < 0 ? rc : n;
}
