/* users.c — the users directory: search subscribers by user ID, login, name or billing account,
 * newest first, on the list contract (lib/list.h): cursor pages, JSON, CSV. Read-only. */
#include "app.h"
#include "list.h"
#include "users.h"

#define ROW(m) offsetof(struct user_row, m)

static const char *const sorts[] = {"created_at", NULL};

enum { F_Q = LIST_NFIELDS, NFIELDS };

static const struct req_field fields[NFIELDS] = {
    LIST_INPUTS(sorts),
    [F_Q] = {.name = "q", .src = REQ_QUERY, .check = req_text, .max = 255},
};

static const struct list_col columns[] = {
    LIST_COL("id", "ID", LIST_INT, ROW(id)),
    LIST_COL("username", "Username", LIST_TEXT, ROW(username)),
    LIST_COL("login", "Login", LIST_TEXT, ROW(login)),
    LIST_COL("billing_id", "Billing account", LIST_TEXT, ROW(billing_id)),
    LIST_COL("origin", "Origin", LIST_ENUM, ROW(origin), .names = users_origin_names),
    LIST_COL("status", "Status", LIST_ENUM, ROW(status), .names = users_status_names),
    LIST_COL("created_at", "Created at", LIST_TIME, ROW(created_at)),
    LIST_COL("deleted", "Deleted", LIST_BOOL, ROW(deleted), .csv_only = true),
};

static int page_html(struct list *l, struct tmpl_dict *d)
{
	tmpl_set(d, "Q", req_str_of(l->c->req, F_Q));
	return 0;
}

static const struct list_spec directory_list = {
    .name = "users",
    .cols = columns,
    .ncols = sizeof columns / sizeof columns[0],
    .sorts = sorts,
    .desc = true,
    .row_size = sizeof(struct user_row),
    .id_off = ROW(id),
    .query = users_list,
    .tpl = "directory.tpl",
    .title = "Users",
    .page_html = page_html,
};

/* GET /admin/users?q=&limit=&after=|before=&format=csv: the directory page (or JSON, CSV).
 * 200; 400 for a bad input or a cursor of another search; 503 while the database is away. */
static int directory(struct ctx *c)
{
	struct users_filter f = {.q = req_str_of(c->req, F_Q)};
	struct list_args a = {.path = "/admin/users", .filter = &f, .csv_name = "users.csv"};

	return list_serve(c, &directory_list, &a);
}

static const struct app_route routes[] = {
    {"GET", "/admin/users", directory, ROLE_ADMIN, KIND_PAGE, fields, NFIELDS},
};

static const struct app app = {
    .name = "users",
    .summary = "The users directory: search by user ID, login, name or billing account.",
    .routes = routes,
    .nroutes = sizeof routes / sizeof routes[0],
};

int main(int argc, char **argv)
{
	return app_main(&app, argc, argv);
}
