/* subusers.c — the Sub-users tab (GET /admin/users/{id}/subusers: the users this user created,
 * with their status and how many permissions they hold; HTML, JSON or every page as CSV). The
 * rules it keeps: only a user holding subusers-manage has the tab (the header applies the same
 * flag), a sub-user never has one; a deleted user's sub-users, deleted with it, stay listed
 * (marked, read-only) for their 30 days. Each row's Permissions opens that sub-user's Access
 * settings editor (cgi-bin/access.c) in place. Read-only itself. */
#include <cjson/cJSON.h>
#include <inttypes.h>
#include <stdio.h>

#include "analytics.h"
#include "app.h"
#include "list.h"
#include "subusers.h"
#include "tab.h"

#define ROW(m) offsetof(struct subuser_row, m)

enum { F_ID = LIST_NFIELDS, F_Q, NFIELDS };

static const struct req_field tab_fields[NFIELDS] = {
    LIST_INPUTS(subusers_sort_names),
    [F_ID] = {.name = "id", .src = REQ_PATH, .check = req_id, .required = true},
    [F_Q] = {.name = "q", .src = REQ_QUERY, .check = req_text, .max = 255},
};

static const struct list_col columns[] = {
    LIST_COL("id", "ID", LIST_INT, ROW(id)),
    LIST_COL("name", "Name", LIST_TEXT, ROW(username)),
    LIST_COL("login", "Login", LIST_TEXT, ROW(login)),
    LIST_COL("created_at", "Created at", LIST_TIME, ROW(created_at)),
    LIST_COL("status", "Status", LIST_ENUM, ROW(status), .names = users_status_names),
    LIST_COL("deleted", "Deleted", LIST_BOOL, ROW(deleted), .csv_only = true),
    LIST_COL("permissions", "Permissions", LIST_INT, ROW(permissions)),
};

/* The tab's own part of the page: the search and, for a deleted user, what its rows are. */
struct page {
	const struct subusers_filter *f;
	const struct user *u;
};

static int page_html(struct list *l, struct tmpl_dict *d)
{
	const struct page *p = l->args->arg;

	tmpl_set_int(d, "USER_ID", p->u->id);
	tmpl_set(d, "Q", p->f->q);
	if (p->u->deleted_at[0])
		tmpl_set(tmpl_section(d, "PARENT_DELETED"), "DELETED_AT", p->u->deleted_at);
	return 0;
}

static const struct list_spec subusers_tab_list = {
    .name = "subusers",
    .cols = columns,
    .ncols = sizeof columns / sizeof columns[0],
    .sorts = subusers_sort_names,
    .row_size = sizeof(struct subuser_row),
    .id_off = ROW(id),
    .query = subusers_list,
    .tpl = "subusers_tab.tpl",
    .page_html = page_html,
};

/* GET /admin/users/{id}/subusers[?q=&sort=&dir=&limit=&after=|before=&format=csv]: the
 * sub-users of a user holding subusers-manage. 200; 400 for a bad parameter or a cursor of
 * another order or filter; 404 for an unknown user, a user without subusers-manage or a
 * sub-user (saying which); 503 while the database is away. */
static int subusers_tab(struct ctx *c)
{
	struct user u;
	char path[64], name[64];
	int status, rc;

	if ((status = tab_user(c, F_ID, TAB_DELETED_OK | TAB_NOT_SUBUSER, USERS_FLAGS, &u)) != 0)
		return status;
	if (!u.subusers_allowed)
		return app_fail(c, 404,
				"User %" PRId64
				" does not hold the subusers-manage permission, so it "
				"has no sub-users to show.",
				u.id);
	struct subusers_filter f = {.parent_id = u.id, .q = req_str_of(c->req, F_Q)};
	struct page p = {.f = &f, .u = &u};
	struct list_args a = {.path = path, .filter = &f, .arg = &p, .csv_name = name};
	if ((rc = analytics_levels_held(c->db, u.id, &f.held)) < 0)
		return app_db_fail(c, rc);
	snprintf(path, sizeof path, "/admin/users/%" PRId64 "/subusers", u.id);
	snprintf(name, sizeof name, "user-%" PRId64 "-subusers.csv", u.id);
	return list_serve(c, &subusers_tab_list, &a);
}

static const struct app_route routes[] = {
    {"GET", "/admin/users/{id}/subusers", subusers_tab, ROLE_ADMIN, KIND_FRAGMENT, tab_fields,
     NFIELDS},
};

static const struct app app = {
    .name = "subusers",
    .summary = "The Sub-users tab: the users a user created, their status and permissions.",
    .routes = routes,
    .nroutes = sizeof routes / sizeof routes[0],
};

int main(int argc, char **argv)
{
	return app_main(&app, argc, argv);
}
