/* tab.c — the user a profile tab is about. */
#include "tab.h"

#include <inttypes.h>

int tab_user(struct ctx *c, size_t field, unsigned rule, unsigned what, struct user *u)
{
	int64_t id = req_int_of(c->req, field);
	int rc = users_get(c->db, id, what, u);

	if (rc < 0)
		return app_db_fail(c, rc);
	if (rc == 0)
		return app_fail(c, 404, "There is no user %" PRId64 ".", id);
	if (u->deleted_at[0] && !(rule & TAB_DELETED_OK))
		return app_fail(c, 404, "This user was deleted.");
	if (u->parent_id && (rule & TAB_NOT_SUBUSER))
		return app_fail(c, 404,
				"User %" PRId64 " is a sub-user; sub-users have no sub-users.", id);
	return 0;
}
