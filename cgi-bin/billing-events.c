/* billing-events.c — the Billing Events tab: what the billing system sent about a user and
 * what became of it, newest first, filtered by type, on the list contract (lib/list.h).
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

static const struct list_col columns[] = {
    LIST_COL("id", NULL, LIST_INT, ROW(id)),
    LIST_COL("request_id", "ID", LIST_TEXT, ROW(request_id)),
    LIST_COL("type", "Type", LIST_TEXT, ROW(type)),
    LIST_COL("label", "Label", LIST_TEXT, ROW(label), .ptr = true, .csv_only = true),
    LIST_COL("sent_type", "Sent type", LIST_TEXT, ROW(sent_type), .nullable = true,
	     .csv_only = true),
    LIST_COL("result", "Result", LIST_ENUM, ROW(result), .names = billing_results,
	     .csv_only = true),
    LIST_COL("error", "Error", LIST_TEXT, ROW(error), .nullable = true, .csv_only = true),
    LIST_COL("created_at", "Created at", LIST_TIME, ROW(created_at)),
    LIST_COL("redacted", "Redacted", LIST_BOOL, ROW(redacted), .csv_only = true),
    LIST_COL("payload", "Payload", LIST_TEXT, ROW(payload), .ptr = true, .csv_only = true,
	     .custom_json = true),
};

/* The stored payload, pretty-printed when it parses, in the row's details. */
static int row_html(struct list *l, struct tmpl_dict *d, const void *row)
{
	const struct billing_row *r = row;
	cJSON *j = cJSON_Parse(r->payload);
	char *pretty = j ? cJSON_Print(j) : NULL;

	(void)l;
	tmpl_set(d, "PAYLOAD", pretty ? pretty : r->payload);
	cJSON_free(pretty);
	cJSON_Delete(j);
	return 0;
}

static int page_html(struct list *l, struct tmpl_dict *d)
{
	const struct billing_filter *f = l->args->filter;

	tmpl_set_int(d, "ID", f->user_id);
	for (int i = 0; billing_codes[i]; i++) {
		struct tmpl_dict *o = tmpl_section(d, "TYPE_OPTION");
		tmpl_set(o, "CODE", billing_codes[i]);
		tmpl_set(o, "LABEL", billing_label(billing_codes[i]));
		if (f->type && !strcmp(f->type, billing_codes[i]))
			tmpl_show(o, "SELECTED");
	}
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

/* GET /admin/users/{id}/billing-events?type=&limit=&after=|before=&format=csv: the tab (HTML
 * fragment, JSON or CSV), newest first. 200; 400 for a bad type or cursor; 404 for an unknown
 * user (a deleted one still shows its history); 503 while the database is away. */
static int tab(struct ctx *c)
{
	struct user u;
	const struct req_value *type = req_val(c->req, F_TYPE);
	char path[64], name[64];
	int status;

	if ((status = tab_user(c, F_ID, TAB_DELETED_OK, 0, &u)) != 0)
		return status;
	struct billing_filter f = {.user_id = u.id, .type = type->present ? type->s : NULL};
	struct list_args a = {.path = path, .filter = &f, .csv_name = name};
	snprintf(path, sizeof path, "/admin/users/%" PRId64 "/billing-events", u.id);
	snprintf(name, sizeof name, "user-%" PRId64 "-billing-events.csv", u.id);
	return list_serve(c, &events_list, &a);
}

static const struct app_route routes[] = {
    {"GET", "/admin/users/{id}/billing-events", tab, ROLE_ADMIN, KIND_FRAGMENT, tab_fields,
     NFIELDS},
};

static const struct app app = {
    .name = "billing-events",
    .summary = "The Billing Events tab: the billing requests about a user and their outcome.",
    .routes = routes,
    .nroutes = sizeof routes / sizeof routes[0],
};

int main(int argc, char **argv)
{
	return app_main(&app, argc, argv);
}
