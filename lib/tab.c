/* tab.c — the user a profile tab is about. */
#include "tab.h"

#include <inttypes.h>
#include <string.h>

/* The rule for user id, found: 0 or the status recorded. */
static int rule_check(struct ctx *c, int64_t id, unsigned rule, bool deleted, int64_t parent_id)
{
	if (deleted && !(rule & TAB_DELETED_OK))
		return app_fail(c, 404, "This user was deleted.");
	if (parent_id && (rule & TAB_NOT_SUBUSER))
		return app_fail(c, 404,
				"User %" PRId64 " is a sub-user; sub-users have no sub-users.", id);
	return 0;
}

int tab_user(struct ctx *c, size_t field, unsigned rule, unsigned what, struct user *u)
{
	int64_t id = req_int_of(c->req, field);
	int rc = users_get(c->db, c->sess, id, what, u);

	if (rc < 0)
		return app_db_fail(c, rc);
	if (rc == 0)
		return app_fail(c, 404, "There is no user %" PRId64 ".", id);
	return rule_check(c, id, rule, u->deleted_at[0] != '\0', u->parent_id);
}

void tab_head_fill(struct tab_head *h, const struct db_col *out)
{
	h->found = true;
	h->parent_id = out[0].i;
	h->status = (int)out[1].i - 1;
	h->deleted = out[2].i != 0;
}

int tab_head_check(struct ctx *c, size_t field, unsigned rule, struct tab_head *h)
{
	struct user u;
	int status;

	if (h->found)
		return rule_check(c, req_int_of(c->req, field), rule, h->deleted, h->parent_id);
	if ((status = tab_user(c, field, rule, 0, &u)) != 0)
		return status;
	h->found = true;
	h->parent_id = u.parent_id;
	h->deleted = u.deleted_at[0] != '\0';
	for (h->status = 0; users_status_names[h->status + 1] &&
			    strcmp(users_status_names[h->status], u.status) != 0;
	     h->status++)
		;
	return 0;
}
