/* subusers.c — the Sub-users tab's query: a user's sub-users by keyset under four orders, one
 * prepared statement per order and direction from the fixed table below. */
#include "subusers.h"

#include <string.h>

#include "util.h"

const char *const subusers_sort_names[] = {"id", "name", "login", "created_at", "status", NULL};

// clang-format off
/* A permission counts when it is not analytics or its level is held (the mask bound first). */
#define SUB_COLS(IDX)                                                                              \
	"SELECT u.id, u.username, u.login, DATE_FORMAT(u.created_at, '%Y-%m-%d %H:%i:%s'),"        \
	" u.status + 0, u.deleted_at IS NOT NULL,"                                                 \
	" (SELECT COUNT(*) FROM user_permissions up JOIN permissions p ON p.id = up.permission_id" \
	"  WHERE up.user_id = u.id AND (p.level_id IS NULL OR ((? >> p.level_id) & 1) = 1))"       \
	" FROM users u FORCE INDEX (" IDX ") WHERE u.parent_id = ?"                                \
	" AND (? = 0 OR u.id = ? OR u.username LIKE ? OR u.login LIKE ?)"
/* After the cursor (when the first ? is 1): past its key, or at its key past its id. */
#define KEYSET(KEY, CMP) " AND (? = 0 OR " KEY " " CMP " ? OR (" KEY " = ? AND u.id " CMP " ?))"
/* The status order: ENUM sorts by its index, which a range over the index can follow only from
 * equalities with its words: the statuses after the cursor's (its index + 1, bound three times)
 * are named, ELT of an index out of range is NULL. */
#define STATUS_WORD(N) "ELT(" N ", 'active', 'paused', 'terminated')"
#define STATUS_KEYSET(CMP, NEXT1, NEXT2)                                                           \
	" AND (? = 0 OR u.status IN (" STATUS_WORD("? " NEXT1) ", " STATUS_WORD("? " NEXT2) ")"    \
	" OR (u.status = " STATUS_WORD("?") " AND u.id " CMP " ?))"
#define STATUS_SUBS(CMP, DIR, NEXT1, NEXT2)                                                        \
	SUB_COLS("ix_users_parent_status") STATUS_KEYSET(CMP, NEXT1, NEXT2)                        \
	" ORDER BY u.status " DIR ", u.id " DIR " LIMIT ?"
#define SUBS(IDX, KEY, CMP, DIR)                                                                   \
	SUB_COLS(IDX) KEYSET(KEY, CMP) " ORDER BY " KEY " " DIR ", u.id " DIR " LIMIT ?"
#define SUBS_PARAMS 11

/* Each order reads an index of users by (parent_id, key, id) (sql/012), named: left to itself,
 * MariaDB reads a descending page after a cursor from the end of the parent's rows (the range
 * on the key is dropped for the order's index). The status cursor holds the ENUM's
 * index, the SQL its index + 1. */
static const struct {
	const char *sql[2]; /* ascending, descending */
	bool text_key;
	bool index_key; /* the cursor holds an index, the SQL compares index + 1 */
} sorts[] = {
	[SUBUSERS_SORT_ID] = { { SUBS("ix_users_parent", "u.id", ">", "ASC"), SUBS("ix_users_parent", "u.id", "<", "DESC") }, false, false },
	[SUBUSERS_SORT_NAME] = { { SUBS("ix_users_parent_name", "u.username", ">", "ASC"), SUBS("ix_users_parent_name", "u.username", "<", "DESC") }, true, false },
	[SUBUSERS_SORT_LOGIN] = { { SUBS("ix_users_parent_login", "u.login", ">", "ASC"), SUBS("ix_users_parent_login", "u.login", "<", "DESC") }, true, false },
	[SUBUSERS_SORT_CREATED] = { { SUBS("ix_users_parent_created", "u.created_at", ">", "ASC"), SUBS("ix_users_parent_created", "u.created_at", "<", "DESC") }, true, false },
	[SUBUSERS_SORT_STATUS] = { { STATUS_SUBS(">", "ASC", "+ 1", "+ 2"), STATUS_SUBS("<", "DESC", "- 1", "- 2") }, false, true },
};
// clang-format on

static int fill_row(void *row, const struct db_col *out)
{
	struct subuser_row *r = row;

	r->id = out[0].i;
	r->status = (int)out[4].i - 1;
	r->deleted = out[5].i != 0;
	r->permissions = out[6].i;
	return r->status >= 0 && r->status <= 2 ? 0 : -1;
}

int subusers_list(struct db *db, const struct list_q *lq, list_emit_fn emit, void *arg)
{
	const struct subusers_filter *f = lq->filter;
	const struct cursor *a = lq->from;
	const char *text = f->q ? f->q : "";
	char like[520];
	int64_t qid = -1, k = 0;
	struct subuser_row r;
	struct db_param in[SUBS_PARAMS + 1];
	struct db_col out[7] = {DB_CINT,
				DB_CTEXT(r.username),
				DB_CTEXT(r.login),
				DB_CTEXT(r.created_at),
				DB_CINT,
				DB_CINT,
				DB_CINT};
	struct db_query q = {.in = in, .nin = SUBS_PARAMS, .out = out, .nout = 7};

	if (lq->sort > SUBUSERS_SORT_STATUS || lq->limit < 1)
		return DB_ERR;
	q.sql = sorts[lq->sort].sql[lq->desc ? 1 : 0];
	if (*text)
		parse_i64(text, strlen(text), 1, INT64_MAX, &qid);
	db_like_contains(text, like, sizeof like);
	if (a && !sorts[lq->sort].text_key)
		cursor_key_int(a, INT64_MIN, INT64_MAX - 1, &k);
	if (a && sorts[lq->sort].index_key)
		k += 1;
	in[0] = DB_PINT((int64_t)f->held);
	in[1] = DB_PINT(f->parent_id);
	in[2] = DB_PINT(*text != '\0');
	in[3] = DB_PINT(qid);
	in[4] = DB_PTEXT(like);
	in[5] = DB_PTEXT(like);
	in[6] = DB_PINT(a != NULL);
	in[7] =
	    sorts[lq->sort].text_key ? DB_PTEXTN(a ? a->key : "", a ? a->keylen : 0) : DB_PINT(k);
	in[8] = in[7];
	q.nin = 9;
	if (lq->sort == SUBUSERS_SORT_STATUS) /* STATUS_KEYSET names the cursor's status thrice */
		in[q.nin++] = in[7];
	in[q.nin++] = DB_PINT(a ? a->id : 0);
	in[q.nin++] = DB_PINT((int64_t)lq->limit);
	return list_fetch(db, &q, fill_row, &r, emit, arg);
}
