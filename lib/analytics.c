/* analytics.c — licences per level, their use, and the cases of the Analytics tab (analytics.h
 * says the rules). The licences a user draws on are read by one query (analytics_licences);
 * everything that depends on which levels a user holds starts from its answer. */
#include "analytics.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "scope.h"

const char *const analytics_level_names[] = {"L1", "L2", "L3", NULL};
const char *const analytics_status_names[] = {"active", "partially_active", "paused", "inactive",
					      NULL};
const char *const analytics_status_words[] = {"active", "partially active", "paused", "inactive",
					      NULL};
const char *const analytics_sort_names[] = {"created_at", "name", "level", "status", NULL};

#define TIME(col) "DATE_FORMAT(" col ", '%Y-%m-%d %H:%i:%s')"

/* Licences ------------------------------------------------------------------------------- */

// clang-format off
/* Per level: the owner's total, when it went to 0, when that level's cases go, and whether
 * they are gone already — the comparison purge_expired() makes (sql/011). */
#define LICENCES_SQL                                                                               \
	"SELECT o.id, u.parent_id IS NOT NULL, al.id, al.code, al.label, COALESCE(l.total, 0),"    \
	" COALESCE(" TIME("l.revoked_at") ", ''),"                                                 \
	" COALESCE(" TIME("l.revoked_at + INTERVAL 7 DAY") ", ''),"                                \
	" COALESCE(l.revoked_at < UTC_TIMESTAMP() - INTERVAL 7 DAY, 0)"                            \
	" FROM users u JOIN users o ON o.id = COALESCE(u.parent_id, u.id)"                         \
	" CROSS JOIN analytics_levels al"                                                          \
	" LEFT JOIN user_licenses l ON l.user_id = o.id AND l.level_id = al.id"                    \
	" WHERE u.id = ? ORDER BY al.id"
// clang-format on

int analytics_licences(struct db *db, int64_t user_id, struct analytics_licences *out)
{
	struct analytics_licence lv;
	struct db_param in[1] = {DB_PINT(user_id)};
	struct db_col col[9] = {DB_CINT,
				DB_CINT,
				DB_CINT,
				DB_CTEXT(lv.code),
				DB_CTEXT(lv.label),
				DB_CINT,
				DB_CTEXT(lv.revoked_at),
				DB_CTEXT(lv.delete_on),
				DB_CINT};
	struct db_query q = {.sql = LICENCES_SQL, .in = in, .nin = 1, .out = col, .nout = 9};
	int rc, rows = 0;

	memset(out, 0, sizeof *out);
	if ((rc = db_exec(db, &q)) < 0)
		return rc;
	while ((rc = db_fetch(db, &q)) == 1) {
		int level = (int)col[2].i;
		/* a level this build does not know: the catalogue is newer than the program */
		if (level < 1 || level > ANALYTICS_LEVELS) {
			rc = DB_ERR;
			break;
		}
		lv.level = level;
		lv.total = col[5].i;
		lv.expired = col[8].i != 0;
		out->owner_id = col[0].i;
		out->subuser = col[1].i != 0;
		out->lv[level - 1] = lv;
		if (lv.total > 0)
			out->held |= ANALYTICS_BIT(level);
		rows++;
	}
	db_end(&q);
	if (rc < 0)
		return rc;
	return rows > 0 ? 1 : 0;
}

int analytics_levels_held(struct db *db, int64_t user_id, unsigned *held)
{
	struct analytics_licences lic;
	int rc = analytics_licences(db, user_id, &lic);

	*held = rc == 1 ? lic.held : 0;
	return rc < 0 ? rc : DB_OK;
}

/* Use ------------------------------------------------------------------------------------ */

int analytics_usage(struct db *db, int64_t user_id, const struct analytics_licences *lic,
		    struct analytics_use use[ANALYTICS_LEVELS])
{
	struct db_param in[2] = {DB_PINT(lic->owner_id), DB_PINT(lic->owner_id)};
	struct db_col col[4] = {DB_CINT, DB_CINT, DB_CINT, DB_CINT};
	/* every live case of the family that draws on the owner's licences, per level and user */
	struct db_query q = {
	    .sql = "SELECT p.level_id, ac.user_id, COUNT(DISTINCT ac.id), COUNT(cc.camera_id)"
		   " FROM users cu JOIN analytics_cases ac ON ac.user_id = cu.id"
		   " JOIN permissions p ON p.id = ac.permission_id"
		   " LEFT JOIN analytics_case_cameras cc ON cc.case_id = ac.id"
		   " WHERE (cu.id = ? OR cu.parent_id = ?) AND cu.deleted_at IS NULL"
		   " AND p.level_id IS NOT NULL GROUP BY p.level_id, ac.user_id",
	    .in = in,
	    .nin = 2,
	    .out = col,
	    .nout = 4,
	};
	int rc;

	memset(use, 0, sizeof(struct analytics_use) * ANALYTICS_LEVELS);
	if ((rc = db_exec(db, &q)) < 0)
		return rc;
	while ((rc = db_fetch(db, &q)) == 1) {
		int level = (int)col[0].i;
		bool own = col[1].i == user_id;
		const struct analytics_licence *l;
		if (level < 1 || level > ANALYTICS_LEVELS)
			continue;
		l = &lic->lv[level - 1];
		if (lic->held & ANALYTICS_BIT(level)) {
			use[level - 1].used += col[3].i;
			if (own)
				use[level - 1].used_own += col[3].i;
		} else if (own && !l->expired) {
			use[level - 1].hidden += col[2].i;
		}
	}
	db_end(&q);
	return rc < 0 ? rc : DB_OK;
}

bool analytics_offered_by(const struct analytics_licences *lic,
			  const struct analytics_use use[ANALYTICS_LEVELS])
{
	bool offered = lic->held != 0;

	for (int i = 0; i < ANALYTICS_LEVELS; i++)
		offered |= use[i].hidden > 0;
	return offered;
}

int analytics_offered(struct db *db, int64_t user_id, bool *offered)
{
	struct analytics_licences lic;
	struct analytics_use use[ANALYTICS_LEVELS];
	int rc = analytics_licences(db, user_id, &lic);

	*offered = false;
	if (rc <= 0)
		return rc;
	if (lic.held) { /* no need to count the cases */
		*offered = true;
		return DB_OK;
	}
	if ((rc = analytics_usage(db, user_id, &lic, use)) < 0)
		return rc;
	*offered = analytics_offered_by(&lic, use);
	return DB_OK;
}

/* Changing a total ------------------------------------------------------------------------ */

static int set_total_tx(struct db *db, void *arg)
{
	struct analytics_set *s = arg;
	struct db_param in[4] = {DB_PINT(s->user_id)};
	struct db_col col[2] = {DB_CINT, DB_CINT};
	struct db_query user = {
	    .sql = "SELECT deleted_at IS NOT NULL, parent_id IS NOT NULL FROM users WHERE id = ?"
		   " FOR UPDATE",
	    .in = in,
	    .nin = 1,
	    .out = col,
	    .nout = 2,
	};
	struct db_query old = {
	    .sql = "SELECT total FROM user_licenses WHERE user_id = ? AND level_id = ? FOR UPDATE",
	    .in = in,
	    .nin = 2,
	    .out = col,
	    .nout = 1,
	};
	/* to 0: the moment is stamped (the cases hide now, and are gone 7 days later); above 0:
	 * the stamp goes, and the cases show again */
	struct db_query set = {
	    .sql =
		"INSERT INTO user_licenses (user_id, level_id, total, revoked_at)"
		" VALUES (?, ?, ?, IF(? = 0, UTC_TIMESTAMP(), NULL))"
		" ON DUPLICATE KEY UPDATE total = VALUES(total), revoked_at = VALUES(revoked_at)",
	    .in = in,
	    .nin = 4,
	};
	char detail[80];
	int rc = db_get(db, &user);

	if (rc <= 0)
		return rc == 0 ? ANALYTICS_NO_USER : rc;
	if (col[0].i)
		return ANALYTICS_DELETED;
	if (col[1].i)
		return ANALYTICS_SUBUSER;
	in[1] = DB_PINT(s->level);
	if ((rc = db_get(db, &old)) < 0)
		return rc;
	s->old_total = rc == 1 ? col[0].i : 0;
	if (s->old_total == s->total)
		return DB_OK;
	in[2] = DB_PINT(s->total);
	in[3] = DB_PINT(s->total);
	if ((rc = db_run(db, &set)) < 0)
		return rc;
	snprintf(detail, sizeof detail, "%s: %" PRId64 " -> %" PRId64,
		 analytics_level_names[s->level - 1], s->old_total, s->total);
	s->who.user_id = s->user_id;
	s->who.action = AUDIT_LICENCES;
	s->who.detail = detail;
	return audit_write(db, &s->who);
}

int analytics_set_total(struct db *db, struct analytics_set *s)
{
	if (s->level < 1 || s->level > ANALYTICS_LEVELS || s->total < 0 ||
	    s->total > ANALYTICS_TOTAL_MAX)
		return DB_ERR;
	return db_tx(db, set_total_tx, s);
}

/* The cases list ------------------------------------------------------------------------- */

#define STR_(x) #x
#define STR(x) STR_(x)

// clang-format off
#define CASE_COLS                                                                                  \
	"SELECT ac.id, ac.name, p.label, p.code, p.level_id, ac.status + 0,"                       \
	" (SELECT COUNT(*) FROM analytics_case_cameras cc WHERE cc.case_id = ac.id),"              \
	" (SELECT COUNT(*) FROM analytics_case_cameras cc WHERE cc.case_id = ac.id"                \
	"  AND NOT " SCOPE_SQL("cc.camera_id") "),"                                                \
	" COALESCE((SELECT GROUP_CONCAT(c.name ORDER BY c.name, c.id SEPARATOR '\x1f'"             \
	"  LIMIT " STR(ANALYTICS_NAMES_MAX) ")"                                                    \
	"  FROM analytics_case_cameras cc JOIN cameras c ON c.id = cc.camera_id"                   \
	"  WHERE cc.case_id = ac.id AND " SCOPE_SQL("cc.camera_id") "), ''),"                      \
	" (SELECT COUNT(*) FROM case_events e WHERE e.case_id = ac.id),"                           \
	" " TIME("ac.created_at")                                                                  \
	" FROM analytics_cases ac JOIN permissions p ON p.id = ac.permission_id"                   \
	" WHERE ac.user_id = ? AND p.level_id IS NOT NULL AND ((? >> p.level_id) & 1) = 1"         \
	" AND (? = 0 OR p.level_id = ?) AND (? = 0 OR ac.status + 0 = ?)"
/* After the cursor (when the first ? is 1): past its key, or at its key past its id. */
#define KEYSET(KEY, CMP) " AND (? = 0 OR " KEY " " CMP " ? OR (" KEY " = ? AND ac.id " CMP " ?))"
#define CASES(KEY, CMP, DIR)                                                                       \
	CASE_COLS KEYSET(KEY, CMP) " ORDER BY " KEY " " DIR ", ac.id " DIR " LIMIT ?"
#define CASES_PARAMS 15

/* The sort keys; ENUM + 0 is its index + 1, and so is a level id. */
#define K_CREATED "ac.created_at"
#define K_NAME "ac.name"
#define K_LEVEL "p.level_id"
#define K_STATUS "(ac.status + 0)"

static const struct {
	const char *sql[2]; /* ascending, descending */
	bool text_key;
	bool index_key; /* the cursor holds an index, the SQL compares index + 1 */
} sorts[] = {
	[ANALYTICS_SORT_CREATED] = { { CASES(K_CREATED, ">", "ASC"), CASES(K_CREATED, "<", "DESC") }, true, false },
	[ANALYTICS_SORT_NAME] = { { CASES(K_NAME, ">", "ASC"), CASES(K_NAME, "<", "DESC") }, true, false },
	[ANALYTICS_SORT_LEVEL] = { { CASES(K_LEVEL, ">", "ASC"), CASES(K_LEVEL, "<", "DESC") }, false, true },
	[ANALYTICS_SORT_STATUS] = { { CASES(K_STATUS, ">", "ASC"), CASES(K_STATUS, "<", "DESC") }, false, true },
};
// clang-format on

/* A row being fetched: the row first (emit hands on a pointer to it), then where its camera
 * names arrive and the arena they are split into. */
struct fetch {
	struct analytics_case_row r;
	struct buf names;
	struct arena *arena;
};

static int fill_case(void *row, const struct db_col *out)
{
	struct fetch *f = row;
	struct analytics_case_row *r = &f->r;

	r->id = out[0].i;
	r->level = (int)out[4].i - 1;
	r->status = (int)out[5].i - 1;
	r->cameras = out[6].i;
	r->cameras_hidden = out[7].i;
	r->events = out[9].i;
	if (r->level < 0 || r->level >= ANALYTICS_LEVELS || r->status < 0 ||
	    r->status >= ANALYTICS_STATUSES)
		return -1;
	return list_strs_split(f->arena, &f->names, '\x1f', &r->camera_names);
}

int analytics_cases(struct db *db, const struct list_q *lq, list_emit_fn emit, void *arg)
{
	const struct analytics_filter *flt = lq->filter;
	const struct cursor *a = lq->from;
	struct fetch f = {.arena = lq->arena};
	struct analytics_case_row *r = &f.r;
	struct db_param in[CASES_PARAMS];
	struct db_col out[11] = {DB_CINT,
				 DB_CTEXT(r->name),
				 DB_CTEXT(r->type),
				 DB_CTEXT(r->slug),
				 DB_CINT,
				 DB_CINT,
				 DB_CINT,
				 DB_CINT,
				 DB_CBUF(&f.names),
				 DB_CINT,
				 DB_CTEXT(r->created_at)};
	struct db_query q = {.in = in, .nin = CASES_PARAMS, .out = out, .nout = 11};
	int64_t k = 0;
	int rc;

	if (lq->sort > ANALYTICS_SORT_STATUS || lq->limit < 1)
		return DB_ERR;
	q.sql = sorts[lq->sort].sql[lq->desc ? 1 : 0];
	scope_bind(in, lq->who);
	scope_bind(in + 2, lq->who);
	in[4] = DB_PINT(flt->user_id);
	in[5] = DB_PINT((int64_t)flt->held);
	in[6] = DB_PINT(flt->level >= 0 ? 1 : 0);
	in[7] = DB_PINT(flt->level + 1);
	in[8] = DB_PINT(flt->status >= 0 ? 1 : 0);
	in[9] = DB_PINT(flt->status + 1);
	in[10] = DB_PINT(a ? 1 : 0);
	if (a && !sorts[lq->sort].text_key)
		cursor_key_int(a, INT64_MIN, INT64_MAX - 1, &k);
	if (a && sorts[lq->sort].index_key)
		k += 1;
	in[11] =
	    sorts[lq->sort].text_key ? DB_PTEXTN(a ? a->key : "", a ? a->keylen : 0) : DB_PINT(k);
	in[12] = in[11];
	in[13] = DB_PINT(a ? a->id : 0);
	in[14] = DB_PINT((int64_t)lq->limit);
	buf_init(&f.names);
	rc = list_fetch(db, &q, fill_case, &f, emit, arg);
	buf_free(&f.names);
	return rc;
}
