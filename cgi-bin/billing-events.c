/* billing-events.c — the Billing Events tab: what the billing system sent about a user and
 * what became of it, newest first, filtered by type; and, for superadmins, the page of every
 * billing request (unknown accounts included), filtered by result, type and account. Both on
 * the list contract (lib/list.h); camera data within the admin's scope (lib/billing_db.c).
 * Read-only. */
#include <cjson/cJSON.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "billing.h"
#include "billing_db.h"
#include "list.h"
#include "tab.h"

#define ROW(m) offsetof(struct billing_row, m)

static const char *const sorts[] = {"id", NULL};

enum { F_ID = LIST_NFIELDS, F_TYPE, NFIELDS };

static const struct req_field tab_fields[NFIELDS] = {
    LIST_INPUTS(sorts),
    [F_ID] = {.name = "id", .src = REQ_PATH, .check = req_id, .required = true},
    [F_TYPE] = {.name = "type", .src = REQ_QUERY, .check = req_enum, .choices = billing_codes},
};

/* The columns of both lists. */
#define COMMON_COLS                                                                                \
	LIST_COL("type", "Type", LIST_TEXT, ROW(type)),                                            \
	    LIST_COL("label", "Label", LIST_TEXT, ROW(label), .ptr = true, .csv_only = true),      \
	    LIST_COL("sent_type", "Sent type", LIST_TEXT, ROW(sent_type), .nullable = true,        \
		     .has = true, .csv_only = true),                                               \
	    LIST_COL("result", "Result", LIST_ENUM, ROW(result), .names = billing_results,         \
		     .csv_only = true),                                                            \
	    LIST_COL("error", "Error", LIST_TEXT, ROW(error), .nullable = true, .csv_only = true,  \
		     .has = true),                                                                 \
	    LIST_COL("note", "Note", LIST_TEXT, ROW(note), .ptr = true, .nullable = true,          \
		     .has = true, .csv_only = true),                                               \
	    LIST_COL("created_at", "Created at", LIST_TIME, ROW(created_at)),                      \
	    LIST_COL("redacted", "Redacted", LIST_BOOL, ROW(redacted), .csv_only = true),          \
	    LIST_COL("payload", "Payload", LIST_TEXT, ROW(payload), .ptr = true, .csv_only = true, \
		     .custom_json = true)

static const struct list_col columns[] = {
    LIST_COL("id", NULL, LIST_INT, ROW(id)),
    LIST_COL("request_id", "ID", LIST_TEXT, ROW(request_id)),
    COMMON_COLS,
};

/* The stored payload, pretty-printed when it parses, in the row's details. */
static int row_html(struct list *l, struct tmpl_dict *d, const void *row)
{
	const struct billing_row *r = row;
	cJSON *j = cJSON_Parse(r->payload);
	char *pretty = j ? cJSON_Print(j) : NULL;

	(void)l;
	if (r->user_id)
		tmpl_show(d, "USER");
	else
		tmpl_show(d, "NO_USER");
	tmpl_set(d, "PAYLOAD", pretty ? pretty : r->payload);
	cJSON_free(pretty);
	cJSON_Delete(j);
	return 0;
}

/* The type filter's options, with their labels, the chosen one selected. */
static void type_options(struct tmpl_dict *d, const char *chosen)
{
	for (int i = 0; billing_codes[i]; i++) {
		struct tmpl_dict *o = tmpl_section(d, "TYPE_OPTION");
		tmpl_set(o, "CODE", billing_codes[i]);
		tmpl_set(o, "LABEL", billing_label(billing_codes[i]));
		if (chosen && !strcmp(chosen, billing_codes[i]))
			tmpl_show(o, "SELECTED");
	}
}

static int page_html(struct list *l, struct tmpl_dict *d)
{
	const struct billing_filter *f = l->args->filter;

	tmpl_set_int(d, "ID", f->user_id);
	type_options(d, f->type);
	tmpl_show(d, f->type ? "OF_TYPE" : "ALL_TYPES");
	return 0;
}

static const struct list_spec events_list = {
    .name = "billing-events",
    .cols = columns,
    .ncols = sizeof columns / sizeof columns[0],
    .sorts = sorts,
    .desc = true,
    .row_size = sizeof(struct billing_row),
    .id_off = ROW(id),
    .query = billing_db_list,
    .tpl = "billing_events.tpl",
    .pager = {"Newest", "Newer", "Older"},
    .row_html = row_html,
    .page_html = page_html,
};

/* The user the page's statement read (a deleted one's history shows too). */
static int check(struct list *l)
{
	const struct billing_filter *f = l->args->filter;

	return tab_head_check(l->c, F_ID, TAB_DELETED_OK, f->head);
}

/* GET /admin/users/{id}/billing-events?type=&limit=&after=|before=&format=csv: the tab (HTML
 * fragment, JSON or CSV), newest first; one statement reads the page and the user. 200; 400 for
 * a bad type or cursor; 404 for an unknown user (a deleted one still shows its history); 503
 * while the database is away. */
static int tab(struct ctx *c)
{
	const struct req_value *type = req_val(c->req, F_TYPE);
	int64_t id = req_int_of(c->req, F_ID);
	struct tab_head head = {0};
	struct billing_filter f = {
	    .user_id = id, .type = type->present ? type->s : NULL, .head = &head};
	char path[64], name[64];
	struct list_args a = {.path = path, .filter = &f, .csv_name = name, .check = check};

	snprintf(path, sizeof path, "/admin/users/%" PRId64 "/billing-events", id);
	snprintf(name, sizeof name, "user-%" PRId64 "-billing-events.csv", id);
	return list_serve(c, &events_list, &a);
}

/* The page of every billing request ------------------------------------------------------- */

enum { A_RESULT = LIST_NFIELDS, A_TYPE, A_ACCOUNT, A_UNKNOWN, A_NFIELDS };

static const char *const yes[] = {"1", NULL};

static const struct req_field all_fields[A_NFIELDS] = {
    LIST_INPUTS(sorts),
    [A_RESULT] = {.name = "result",
		  .src = REQ_QUERY,
		  .check = req_enum,
		  .choices = billing_results},
    [A_TYPE] = {.name = "type", .src = REQ_QUERY, .check = req_enum, .choices = billing_codes},
    [A_ACCOUNT] = {.name = "account", .src = REQ_QUERY, .check = req_text, .max = 64},
    [A_UNKNOWN] = {.name = "unknown", .src = REQ_QUERY, .check = req_enum, .choices = yes},
};

static const struct list_col all_columns[] = {
    LIST_COL("id", NULL, LIST_INT, ROW(id)),
    LIST_COL("request_id", "ID", LIST_TEXT, ROW(request_id)),
    LIST_COL("account", "Account", LIST_TEXT, ROW(account)),
    LIST_COL("user_id", "User", LIST_INT, ROW(user_id), .custom_json = true),
    COMMON_COLS,
};

/* "user_id": the user the request was logged against, or null for an unknown account. */
static int all_row_json(struct list *l, cJSON *o, const void *row)
{
	const struct billing_row *r = row;

	(void)l;
	return (r->user_id ? cJSON_AddNumberToObject(o, "user_id", (double)r->user_id)
			   : cJSON_AddNullToObject(o, "user_id"))
		   ? 0
		   : -1;
}

static int all_page_html(struct list *l, struct tmpl_dict *d)
{
	const struct billing_all_filter *f = l->args->filter;

	type_options(d, f->type);
	for (int i = 0; billing_results[i]; i++) {
		struct tmpl_dict *o = tmpl_section(d, "RESULT_OPTION");
		tmpl_set(o, "VALUE", billing_results[i]);
		if (f->result == i)
			tmpl_show(o, "SELECTED");
	}
	tmpl_set(d, "ACCOUNT", f->account ? f->account : "");
	if (f->no_user)
		tmpl_show(d, "UNKNOWN_ONLY");
	return 0;
}

static const struct list_spec all_list = {
    .name = "billing-requests",
    .cols = all_columns,
    .ncols = sizeof all_columns / sizeof all_columns[0],
    .sorts = sorts,
    .desc = true,
    .row_size = sizeof(struct billing_row),
    .id_off = ROW(id),
    .query = billing_db_all,
    .tpl = "billing_requests.tpl",
    .title = "Billing requests",
    .pager = {"Newest", "Newer", "Older"},
    .row_html = row_html,
    .row_json = all_row_json,
    .page_html = all_page_html,
};

/* GET /admin/billing-events?result=&type=&account=&unknown=1&limit=&after=|before=&format=csv:
 * every request billing sent, newest first — also those against an account the system does not
 * know, which no profile shows — so support can answer "billing says it sent it". Superadmins
 * only (403 otherwise, by the loop). 200; 400 for a bad input; 503 while the database is away. */
static int all_requests(struct ctx *c)
{
	const struct req_value *result = req_val(c->req, A_RESULT), *type = req_val(c->req, A_TYPE);
	const struct req_value *account = req_val(c->req, A_ACCOUNT);
	struct billing_all_filter f = {
	    .result = result->present ? (int)result->i : -1,
	    .type = type->present ? type->s : NULL,
	    .account = account->present ? account->s : NULL,
	    .no_user = req_val(c->req, A_UNKNOWN)->present,
	};
	struct list_args a = {
	    .path = "/admin/billing-events", .filter = &f, .csv_name = "billing-requests.csv"};

	return list_serve(c, &all_list, &a);
}

static const struct app_route routes[] = {
    {"GET", "/admin/users/{id}/billing-events", tab, ROLE_ADMIN, KIND_FRAGMENT, tab_fields,
     NFIELDS},
    {"GET", "/admin/billing-events", all_requests, ROLE_SUPERADMIN, KIND_PAGE, all_fields,
     A_NFIELDS},
};

static const struct app app = {
    .name = "billing-events",
    .summary = "The Billing Events tab: the billing requests about a user and their outcome;\n"
	       "  the superadmins' page of every billing request.",
    .routes = routes,
    .nroutes = sizeof routes / sizeof routes[0],
};

int main(int argc, char **argv)
{
	return app_main(&app, argc, argv);
}
