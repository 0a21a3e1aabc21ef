/* audit.c — the audit trail of administrators' actions: the Audit tab of the user profile
 * (GET /admin/users/{id}/audit: every administrator action on this user — Log in as User,
 * Synchronize cameras, permission and licence changes, any other — filtered by action) and
 * GET /admin/audit (every administrator's actions, sign-ins and failed sign-ins included,
 * filtered by administrator, action and date range: superadmins only). Both on the list
 * contract: newest first, HTML, JSON, CSV. Read-only. A known action reads by its label, any
 * other by its name; the rows carry no camera data, so the camera scope has nothing to hide. */
#include <cjson/cJSON.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "audit.h"
#include "list.h"
#include "tab.h"

#define ROW(m) offsetof(struct audit_row, m)

static const char *const sorts[] = {"created_at", NULL};

enum { F_ID = LIST_NFIELDS, F_ACTION, NFIELDS };
static const struct req_field tab_fields[NFIELDS] = {
    LIST_INPUTS(sorts),
    [F_ID] = {.name = "id", .src = REQ_PATH, .check = req_id, .required = true},
    [F_ACTION] = {.name = "action", .src = REQ_QUERY, .check = req_token, .max = 64},
};

enum { G_ADMIN = LIST_NFIELDS, G_ACTION, G_FROM, G_TO, GNFIELDS };
static const struct req_field all_fields[GNFIELDS] = {
    LIST_INPUTS(sorts),
    [G_ADMIN] = {.name = "admin", .src = REQ_QUERY, .check = req_id},
    [G_ACTION] = {.name = "action", .src = REQ_QUERY, .check = req_token, .max = 64},
    [G_FROM] = {.name = "from", .src = REQ_QUERY, .check = req_date},
    [G_TO] = {.name = "to", .src = REQ_QUERY, .check = req_date},
};

/* The columns: the tab's, and the whole trail's with the user the action was on. */
#define COLS_BEFORE_USER                                                                           \
	LIST_COL("id", "ID", LIST_INT, ROW(id), .csv_only = true),                                 \
	    LIST_COL("created_at", "When", LIST_TIME, ROW(created_at)),                            \
	    LIST_COL("admin_id", NULL, LIST_INT, ROW(admin_id), .custom_json = true),              \
	    LIST_COL("admin", "Administrator", LIST_TEXT, ROW(admin), .nullable = true)
#define COLS_AFTER_USER                                                                            \
	LIST_COL("label", "Action", LIST_TEXT, ROW(label), .ptr = true),                           \
	    LIST_COL("action", "Action name", LIST_TEXT, ROW(action), .csv_only = true),           \
	    LIST_COL("detail", "Detail", LIST_TEXT, ROW(detail), .ptr = true, .nullable = true),   \
	    LIST_COL("remote_addr", "IP address", LIST_TEXT, ROW(remote_addr), .nullable = true),  \
	    LIST_COL("user_agent", "User agent", LIST_TEXT, ROW(user_agent), .nullable = true)

static const struct list_col tab_columns[] = {COLS_BEFORE_USER, COLS_AFTER_USER};
static const struct list_col all_columns[] = {
    COLS_BEFORE_USER,
    LIST_COL("user_id", "User ID", LIST_INT, ROW(user_id), .custom_json = true, .csv_only = true),
    LIST_COL("username", "User", LIST_TEXT, ROW(username), .nullable = true),
    COLS_AFTER_USER,
};

/* Rows ------------------------------------------------------------------------------------ */

/* "admin_id" and "user_id": the number, or null for none. */
static int row_json(struct list *l, cJSON *o, const void *row)
{
	const struct audit_row *r = row;
	bool all = l->spec->cols == all_columns;

	if (!(r->admin_id ? cJSON_AddNumberToObject(o, "admin_id", (double)r->admin_id)
			  : cJSON_AddNullToObject(o, "admin_id")))
		return -1;
	if (all && !(r->user_id ? cJSON_AddNumberToObject(o, "user_id", (double)r->user_id)
				: cJSON_AddNullToObject(o, "user_id")))
		return -1;
	return 0;
}

/* The raw name beside a label only when they differ; a dash for no administrator; the user's
 * link on the whole trail. */
static int row_html(struct list *l, struct tmpl_dict *d, const void *row)
{
	const struct audit_row *r = row;

	(void)l;
	if (strcmp(r->label, r->action) != 0)
		tmpl_show(d, "KNOWN");
	if (!r->admin[0])
		tmpl_show(d, "NO_ADMIN");
	if (r->user_id)
		tmpl_set_int(tmpl_section(d, "ON_USER"), "USER_ID", r->user_id);
	return 0;
}

/* Filters --------------------------------------------------------------------------------- */

static void add_option(struct tmpl_dict *d, const char *value, const char *label, bool selected)
{
	struct tmpl_dict *o = tmpl_section(d, "ACTION_OPTION");

	tmpl_set(o, "VALUE", value);
	tmpl_set(o, "LABEL", label);
	if (selected)
		tmpl_show(o, "SELECTED");
}

struct options {
	struct tmpl_dict *d;
	const char *current;
	bool seen; /* the current one was among the choices */
};

static void other_action(void *arg, const char *name)
{
	struct options *o = arg;
	bool cur = o->current && !strcmp(o->current, name);

	o->seen |= cur;
	add_option(o->d, name, name, cur);
}

/* The action filter's choices: the known actions by label, then any other name in the log,
 * and the one asked for even when the log has none of it. Returns 0 or -1. */
static int action_options(struct list *l, struct tmpl_dict *d, const char *current)
{
	struct options o = {.d = d, .current = current};

	for (size_t i = 0; audit_actions[i]; i++) {
		bool cur = current && !strcmp(current, audit_actions[i]);
		o.seen |= cur;
		add_option(d, audit_actions[i], audit_label(audit_actions[i]), cur);
	}
	if (audit_action_names(l->c->db, other_action, &o) < 0)
		return -1;
	if (current && !o.seen)
		add_option(d, current, current, true);
	return 0;
}

static int tab_page_html(struct list *l, struct tmpl_dict *d)
{
	const struct audit_filter *f = l->args->filter;

	tmpl_set_int(d, "USER_ID", f->user_id);
	return action_options(l, d, f->action);
}

struct admins {
	struct tmpl_dict *d;
	int64_t current;
};

static void admin_option(void *arg, int64_t id, const char *login)
{
	struct admins *a = arg;
	struct tmpl_dict *o = tmpl_section(a->d, "ADMIN_OPTION");

	tmpl_set_int(o, "VALUE", id);
	tmpl_set(o, "LABEL", login);
	if (id == a->current)
		tmpl_show(o, "SELECTED");
}

static int all_page_html(struct list *l, struct tmpl_dict *d)
{
	const struct audit_filter *f = l->args->filter;
	struct admins a = {.d = d, .current = f->admin_id};

	tmpl_set(d, "FROM", f->from ? f->from : "");
	tmpl_set(d, "TO", f->to ? f->to : "");
	if (audit_admins(l->c->db, admin_option, &a) < 0)
		return -1;
	return action_options(l, d, f->action);
}

static const struct list_spec tab_list = {
    .name = "audit",
    .cols = tab_columns,
    .ncols = sizeof tab_columns / sizeof tab_columns[0],
    .sorts = sorts,
    .desc = true,
    .row_size = sizeof(struct audit_row),
    .id_off = ROW(id),
    .query = audit_list,
    .tpl = "audit_tab.tpl",
    .pager = {"Newest", "Newer", "Older"},
    .row_html = row_html,
    .row_json = row_json,
    .page_html = tab_page_html,
};

static const struct list_spec all_list = {
    .name = "audit-all",
    .cols = all_columns,
    .ncols = sizeof all_columns / sizeof all_columns[0],
    .sorts = sorts,
    .desc = true,
    .row_size = sizeof(struct audit_row),
    .id_off = ROW(id),
    .query = audit_list,
    .tpl = "audit_page.tpl",
    .title = "Audit trail",
    .pager = {"Newest", "Newer", "Older"},
    .row_html = row_html,
    .row_json = row_json,
    .page_html = all_page_html,
};

/* Routes ---------------------------------------------------------------------------------- */

/* The user the page's statement read (a deleted one's trail shows too: it is history). */
static int check(struct list *l)
{
	const struct audit_filter *f = l->args->filter;

	return tab_head_check(l->c, F_ID, TAB_DELETED_OK, f->head);
}

/* GET /admin/users/{id}/audit[?action=&limit=&after=|before=&format=csv]: the administrators'
 * actions on the user, newest first; one statement reads the page and the user. 200 (a deleted
 * user's trail too: it is history); 400 for a bad parameter or a cursor of another list or filter;
 * 404 for an unknown user; 503 while the database is away. */
static int tab(struct ctx *c)
{
	const struct req_value *action = req_val(c->req, F_ACTION);
	int64_t id = req_int_of(c->req, F_ID);
	struct tab_head head = {0};
	struct audit_filter f = {
	    .user_id = id, .head = &head, .action = action->present ? action->s : NULL};
	char path[64], name[64];
	struct list_args a = {.path = path, .filter = &f, .csv_name = name, .check = check};

	snprintf(path, sizeof path, "/admin/users/%" PRId64 "/audit", id);
	snprintf(name, sizeof name, "user-%" PRId64 "-audit.csv", id);
	return list_serve(c, &tab_list, &a);
}

/* GET /admin/audit[?admin=&action=&from=&to=&limit=&after=|before=&format=csv]: every
 * administrator's actions, newest first; from and to are days of the display zone, both included.
 * 200; 400 for a bad parameter or a range that ends before it starts; 403 for an ordinary admin
 * (the loop); 503 while the database is away. */
static int all(struct ctx *c)
{
	const struct req_value *admin = req_val(c->req, G_ADMIN),
			       *action = req_val(c->req, G_ACTION);
	const struct req_value *from = req_val(c->req, G_FROM), *to = req_val(c->req, G_TO);
	struct audit_filter f = {
	    .admin_id = admin->present ? admin->i : 0,
	    .action = action->present ? action->s : NULL,
	    .from = from->present ? from->s : NULL,
	    .to = to->present ? to->s : NULL,
	};
	struct list_args a = {.path = "/admin/audit", .filter = &f, .csv_name = "audit.csv"};

	if (f.from && f.to && strcmp(f.from, f.to) > 0)
		return app_fail(c, 400, "to: the range ends before it starts (from %s).", f.from);
	return list_serve(c, &all_list, &a);
}

static const struct app_route routes[] = {
    {"GET", "/admin/users/{id}/audit", tab, ROLE_ADMIN, KIND_FRAGMENT, tab_fields, NFIELDS},
    {"GET", "/admin/audit", all, ROLE_SUPERADMIN, KIND_PAGE, all_fields, GNFIELDS},
};

static const struct app app = {
    .name = "audit",
    .summary = "The audit trail: the profile's Audit tab and every administrator's actions.",
    .routes = routes,
    .nroutes = sizeof routes / sizeof routes[0],
};

int main(int argc, char **argv)
{
	return app_main(&app, argc, argv);
}
