/* intercoms.c — the Intercoms tab of the user profile (GET /admin/users/{id}/intercoms: one
 * row per apartment the user is linked to, with the user's keys there; HTML, JSON or every
 * page as CSV) and the intercom card it links to (GET /admin/intercoms/{id}). Read-only. */
#include <cjson/cJSON.h>
#include <inttypes.h>
#include <stdio.h>

#include "app.h"
#include "intercoms.h"
#include "list.h"
#include "tab.h"

#define ROW(m) offsetof(struct intercom_row, m)

static const char *const sorts[] = {"id", NULL};

enum { F_ID = LIST_NFIELDS, NFIELDS };

static const struct req_field tab_fields[NFIELDS] = {
    LIST_INPUTS(sorts),
    [F_ID] = {.name = "id", .src = REQ_PATH, .check = req_id, .required = true},
};

enum { C_ID, C_FROM, C_NFIELDS };
static const struct req_field card_fields[C_NFIELDS] = {
    [C_ID] = {.name = "id", .src = REQ_PATH, .check = req_id, .required = true},
    [C_FROM] = {.name = "from", .src = REQ_QUERY, .check = req_id}, /* the profile it came from */
};

static const struct list_col columns[] = {
    LIST_COL("id", "Intercom ID", LIST_INT, ROW(id), .csv_only = true),
    LIST_COL("name", "Name", LIST_TEXT, ROW(name)),
    LIST_COL("address", "Address", LIST_TEXT, ROW(address)),
    LIST_COL("department", "Department", LIST_TEXT, ROW(department)),
    LIST_COL("apartment_id", NULL, LIST_INT, ROW(apartment_id)),
    LIST_COL("apartment", "Apartment", LIST_TEXT, ROW(apartment)),
    LIST_COL("keys", "Keys", LIST_STRS, ROW(keys)),
    LIST_COL("created_at", "Created at", LIST_TIME, ROW(created_at)),
};

static int page_html(struct list *l, struct tmpl_dict *d)
{
	const struct intercom_filter *f = l->args->filter;

	tmpl_set_int(d, "USER_ID", f->user_id);
	return 0;
}

static const struct list_spec intercoms_tab_list = {
    .name = "intercoms",
    .cols = columns,
    .ncols = sizeof columns / sizeof columns[0],
    .sorts = sorts,
    .row_size = sizeof(struct intercom_row),
    .id_off = ROW(apartment_id),
    .query = intercoms_of_user,
    .tpl = "intercoms_tab.tpl",
    .page_html = page_html,
};

/* The user the page's statement read: a live one. */
static int check(struct list *l)
{
	const struct intercom_filter *f = l->args->filter;

	return tab_head_check(l->c, F_ID, TAB_LIVE, f->head);
}

/* GET /admin/users/{id}/intercoms[?limit=&after=|before=&format=csv]: the apartments the user
 * is linked to, by intercom, with the user's keys; one statement reads the page and the user.
 * 200; 400 for a bad parameter or a cursor of another list; 404 for an unknown or deleted user;
 * 503 while the database is away. */
static int intercoms_tab(struct ctx *c)
{
	int64_t id = req_int_of(c->req, F_ID);
	struct tab_head head = {0};
	struct intercom_filter f = {.user_id = id, .head = &head};
	char path[64], name[64];
	struct list_args a = {.path = path, .filter = &f, .csv_name = name, .check = check};

	snprintf(path, sizeof path, "/admin/users/%" PRId64 "/intercoms", id);
	snprintf(name, sizeof name, "user-%" PRId64 "-intercoms.csv", id);
	return list_serve(c, &intercoms_tab_list, &a);
}

/* Intercom card --------------------------------------------------------------------------- */

/* Residents as JSON: apartments in order, each with its users and their keys. */
struct card_json {
	cJSON *apartments, *current_users;
	int64_t current_apartment;
};

/* Append the key ids to the JSON array keys. Returns 0 or -1. */
static int add_keys(cJSON *keys, const struct list_strs *k)
{
	for (size_t i = 0; i < k->n; i++) {
		cJSON *v = cJSON_CreateString(k->v[i]);
		if (!v || !cJSON_AddItemToArray(keys, v)) {
			cJSON_Delete(v);
			return -1;
		}
	}
	return 0;
}

static int json_resident(void *arg, const struct intercom_resident *r)
{
	struct card_json *j = arg;
	cJSON *u, *keys;

	if (r->apartment_id != j->current_apartment) {
		cJSON *a = cJSON_CreateObject();
		if (!a || !cJSON_AddItemToArray(j->apartments, a)) {
			cJSON_Delete(a);
			return -1;
		}
		if (!cJSON_AddNumberToObject(a, "id", (double)r->apartment_id) ||
		    !cJSON_AddStringToObject(a, "number", r->apartment) ||
		    !(j->current_users = cJSON_AddArrayToObject(a, "users")))
			return -1;
		j->current_apartment = r->apartment_id;
	}
	if (!r->user_id)
		return 0;
	if (!(u = cJSON_CreateObject()) || !cJSON_AddItemToArray(j->current_users, u)) {
		cJSON_Delete(u);
		return -1;
	}
	if (!cJSON_AddNumberToObject(u, "id", (double)r->user_id) ||
	    !cJSON_AddStringToObject(u, "username", r->username) ||
	    !cJSON_AddStringToObject(u, "login", r->login) ||
	    !cJSON_AddBoolToObject(u, "deleted", r->deleted) ||
	    !(keys = cJSON_AddArrayToObject(u, "keys")))
		return -1;
	return add_keys(keys, &r->keys);
}

static int card_json(struct ctx *c, const struct intercom *ic)
{
	cJSON *o = cJSON_CreateObject();
	struct card_json j = {.current_apartment = 0};
	bool truncated;
	int n;

	if (!o || !cJSON_AddNumberToObject(o, "id", (double)ic->id) ||
	    !cJSON_AddStringToObject(o, "name", ic->name) ||
	    !cJSON_AddStringToObject(o, "address", ic->address) ||
	    !cJSON_AddStringToObject(o, "department", ic->department) ||
	    !app_json_time(o, "created_at", ic->created_at) ||
	    !(j.apartments = cJSON_AddArrayToObject(o, "apartments"))) {
		cJSON_Delete(o);
		return app_fail(c, 500, "Out of memory.");
	}
	if ((n = intercoms_residents(c->db, &(struct intercom_ref){ic->id, c->sess}, json_resident,
				     &j, &truncated)) < 0) {
		cJSON_Delete(o);
		return app_db_fail(c, n);
	}
	if (!cJSON_AddBoolToObject(o, "truncated", truncated)) {
		cJSON_Delete(o);
		return app_fail(c, 500, "Out of memory.");
	}
	return app_json(c, o);
}

static int html_resident(void *arg, const struct intercom_resident *r)
{
	struct tmpl_dict *row = tmpl_section(arg, "APT");

	tmpl_set_int(row, "APARTMENT_ID", r->apartment_id);
	tmpl_set(row, "NUMBER", r->apartment);
	if (r->user_id) {
		struct tmpl_dict *u = tmpl_section(row, "USER");
		tmpl_set_int(u, "USER_ID", r->user_id);
		tmpl_set(u, "USERNAME", r->username);
		tmpl_set(u, "LOGIN", r->login);
		if (r->deleted)
			tmpl_show(u, "DELETED");
		for (size_t i = 0; i < r->keys.n; i++)
			tmpl_set(tmpl_section(row, "KEYS_ITEM"), "VALUE", r->keys.v[i]);
	} else {
		tmpl_show(row, "NOBODY");
	}
	return 0;
}

/* The breadcrumb back: Users › the resident the admin came from (when in its scope) ›
 * Intercom <name>. Returns 0 or a negative enum db_rc. */
static int card_crumbs(struct ctx *c, struct app_page *page, const struct intercom *ic)
{
	int64_t from = req_int_of(c->req, C_FROM);
	char name[1024], href[96], here[1100];
	int rc =
	    from ? intercoms_user_name(c->db, &(struct intercom_ref){ic->id, c->sess}, from, name)
		 : 0;

	if (rc < 0)
		return rc;
	app_crumb(page, "Users", "/admin/users");
	if (rc == 1) {
		snprintf(href, sizeof href, "/admin/users/%" PRId64 "?tab=intercoms", from);
		app_crumb(page, name, href);
	}
	snprintf(here, sizeof here, "Intercom %s", ic->name);
	app_crumb(page, here, NULL);
	return 0;
}

/* GET /admin/intercoms/{id}: the intercom card, General data with the apartments, their users
 * and keys. 200; 404 when there is no such intercom; 503 while the database is away. */
static int intercom_card(struct ctx *c)
{
	int64_t id = req_int_of(c->req, C_ID);
	struct intercom ic;
	struct app_page page;
	bool truncated;
	int rc = intercoms_get(c->db, &(struct intercom_ref){id, c->sess}, &ic);

	if (rc < 0)
		return app_db_fail(c, rc);
	if (rc == 0)
		return app_fail(c, 404, "There is no intercom %" PRId64 ".", id);
	if (c->req->accept_json)
		return card_json(c, &ic);
	if (app_page_begin(c, &page, ic.name, "intercom_card.tpl") < 0)
		return app_fail(c, 500, "Out of memory.");
	tmpl_set_int(page.content, "ID", ic.id);
	tmpl_set(page.content, "NAME", ic.name);
	tmpl_set(page.content, "ADDRESS", ic.address);
	tmpl_set(page.content, "DEPARTMENT", ic.department);
	app_time(page.content, "CREATED_AT", ic.created_at);
	if ((rc = intercoms_residents(c->db, &(struct intercom_ref){id, c->sess}, html_resident,
				      page.content, &truncated)) < 0) {
		tmpl_dict_free(page.root);
		return app_db_fail(c, rc);
	}
	if (rc == 0)
		tmpl_show(page.content, "NO_APARTMENTS");
	if (!c->sess->superadmin)
		tmpl_show(page.content, "SCOPED");
	if (truncated)
		tmpl_set_int(tmpl_section(page.content, "TRUNCATED"), "MAX",
			     INTERCOM_RESIDENTS_MAX);
	if ((rc = card_crumbs(c, &page, &ic)) < 0) {
		tmpl_dict_free(page.root);
		return app_db_fail(c, rc);
	}
	return app_page_end(c, &page);
}

static const struct app_route routes[] = {
    {"GET", "/admin/users/{id}/intercoms", intercoms_tab, ROLE_ADMIN, KIND_FRAGMENT, tab_fields,
     NFIELDS},
    {"GET", "/admin/intercoms/{id}", intercom_card, ROLE_ADMIN, KIND_PAGE, card_fields, C_NFIELDS},
};

static const struct app app = {
    .name = "intercoms",
    .summary = "The Intercoms tab of the user profile (list, JSON, CSV) and the intercom card.",
    .routes = routes,
    .nroutes = sizeof routes / sizeof routes[0],
};

int main(int argc, char **argv)
{
	return app_main(&app, argc, argv);
}
