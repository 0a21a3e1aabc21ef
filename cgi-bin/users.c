/* users.c — the users directory: search subscribers by user ID, login, name or billing account,
 * newest first, on the list contract (lib/list.h): cursor pages, JSON, CSV. Read-only. */
#include <cjson/cJSON.h>
#include <stdio.h>

#include "app.h"
#include "list.h"
#include "users.h"

#define ROW(m) offsetof(struct user_row, m)

static const char *const sorts[] = {"created_at", NULL};

enum { F_Q = LIST_NFIELDS, F_STATUS, F_KIND, NFIELDS };

static const struct req_field fields[NFIELDS] = {
    LIST_INPUTS(sorts),
    [F_Q] = {.name = "q", .src = REQ_QUERY, .check = req_text, .max = 255},
    [F_STATUS] = {.name = "status",
		  .src = REQ_QUERY,
		  .check = req_enum,
		  .choices = users_state_names},
    [F_KIND] = {.name = "kind", .src = REQ_QUERY, .check = req_enum, .choices = users_origin_names},
};

/* The words of the filters' choices. */
static const char *const state_words[] = {"Active", "Paused", "Deleted"};
static const char *const kind_words[] = {"Created via billing", "Created by an administrator",
					 "Sub-user"};

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

/* A filter's options, the chosen one selected. */
static void options(struct tmpl_dict *d, const char *section, const char *const *names,
		    const char *const *words, int chosen)
{
	for (int i = 0; names[i]; i++) {
		struct tmpl_dict *o = tmpl_section(d, section);
		tmpl_set(o, "VALUE", names[i]);
		tmpl_set(o, "LABEL", words[i]);
		if (i == chosen)
			tmpl_show(o, "SELECTED");
	}
}

/* The search box, the filters and how many users match ("1,000+" past the count's cap). */
static int page_html(struct list *l, struct tmpl_dict *d)
{
	const struct users_filter *f = l->args->filter;
	const int64_t *total = l->args->arg;
	char n[32];

	tmpl_set(d, "Q", f->q);
	options(d, "STATUS_OPTION", users_state_names, state_words, f->state);
	options(d, "KIND_OPTION", users_origin_names, kind_words, f->kind);
	if (*total > USERS_COUNT_CAP)
		snprintf(n, sizeof n, "%d,%03d+", USERS_COUNT_CAP / 1000, USERS_COUNT_CAP % 1000);
	else if (*total >= 1000)
		snprintf(n, sizeof n, "%d,%03d", (int)(*total / 1000), (int)(*total % 1000));
	else
		snprintf(n, sizeof n, "%d", (int)*total);
	tmpl_set(d, "TOTAL", n);
	tmpl_show(d, *total == 1 ? "ONE" : "MANY");
	return 0;
}

/* {"total": n, "total_capped": bool} beside the items. */
static int page_json(struct list *l, cJSON *root)
{
	const int64_t *total = l->args->arg;
	bool capped = *total > USERS_COUNT_CAP;

	return cJSON_AddNumberToObject(root, "total",
				       (double)(capped ? USERS_COUNT_CAP : *total)) &&
		       cJSON_AddBoolToObject(root, "total_capped", capped)
		   ? 0
		   : -1;
}

/* The count of an empty page, which its statement could not bring. 0 or 503/500. */
static int check(struct list *l)
{
	const struct users_filter *f = l->args->filter;
	int rc;

	if (f->total && *f->total < 0 && (rc = users_count(l->c->db, l->c->sess, f, f->total)) < 0)
		return app_db_fail(l->c, rc);
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
    .page_json = page_json,
};

/* GET /admin/users?q=&status=&kind=&limit=&after=|before=&format=csv: the directory page (or
 * JSON, CSV), with how many users match, read by one statement. 200; 400 for a bad input or a
 * cursor of another search; 503 while the database is away. */
static int directory(struct ctx *c)
{
	const struct req_value *state = req_val(c->req, F_STATUS), *kind = req_val(c->req, F_KIND);
	int64_t total = 0;
	struct users_filter f = {.q = req_str_of(c->req, F_Q),
				 .state = state->present ? (int)state->i : -1,
				 .kind = kind->present ? (int)kind->i : -1,
				 .total = req_val(c->req, LIST_F_FORMAT)->present ? NULL : &total};
	struct list_args a = {.path = "/admin/users",
			      .filter = &f,
			      .arg = &total,
			      .csv_name = "users.csv",
			      .check = check};

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
