/* intercoms.c — the Intercoms tab of the user profile (GET /admin/users/{id}/intercoms: one
 * row per apartment the user is linked to, with the user's keys there; HTML, JSON or every
 * page as CSV) and the intercom card it links to (GET /admin/intercoms/{id}). Read-only. */
#include <cjson/cJSON.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "csv.h"
#include "cursor.h"
#include "intercoms.h"
#include "tab.h"

#define CSV_CHUNK 500

static const char *const formats[] = {"csv", NULL};

static const struct req_field tab_fields[] = {
    {.name = "id", .src = REQ_PATH, .check = req_id, .required = true},
    {.name = "limit", .src = REQ_QUERY, .check = req_enum, .choices = tab_limit_choices},
    {.name = "after", .src = REQ_QUERY, .check = cursor_check},
    {.name = "format", .src = REQ_QUERY, .check = req_enum, .choices = formats},
};

static const struct req_field card_fields[] = {
    {.name = "id", .src = REQ_PATH, .check = req_id, .required = true},
};

static const struct tab_col columns[] = {
    {"Name", NULL},	 {"Address", NULL}, {"Department", NULL},
    {"Apartment", NULL}, {"Keys", NULL},    {"Created at", NULL},
};

/* The decoded "after" cursor into *after. Returns 0, or 400 for a cursor of another list. */
static int read_after(struct ctx *c, struct cursor *after, const struct cursor **out)
{
	const struct req_value *a = req_get(c->req, "after");

	*out = NULL;
	if (!a->present)
		return 0;
	if (cursor_decode(a->s, a->len, after) < 0 || !intercoms_cursor_fits(after))
		return app_fail(c, 400,
				"after: this cursor does not belong to this list; "
				"start again from the first page.");
	*out = after;
	return 0;
}

/* JSON ----------------------------------------------------------------------------------- */

/* Append the key ids to the JSON array keys. Returns 0 or -1. */
static int add_keys(cJSON *keys, const char *const *ids, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		cJSON *k = cJSON_CreateString(ids[i]);
		if (!k || !cJSON_AddItemToArray(keys, k)) {
			cJSON_Delete(k);
			return -1;
		}
	}
	return 0;
}

static int json_row(void *arg, const struct intercom_row *r)
{
	cJSON *o = cJSON_CreateObject(), *keys;

	if (!o || !cJSON_AddItemToArray(arg, o)) {
		cJSON_Delete(o);
		return -1;
	}
	if (!cJSON_AddNumberToObject(o, "id", (double)r->id) ||
	    !cJSON_AddStringToObject(o, "name", r->name) ||
	    !cJSON_AddStringToObject(o, "address", r->address) ||
	    !cJSON_AddStringToObject(o, "department", r->department) ||
	    !cJSON_AddStringToObject(o, "apartment", r->apartment) ||
	    !(keys = cJSON_AddArrayToObject(o, "keys")) ||
	    !cJSON_AddStringToObject(o, "created_at", r->created_at))
		return -1;
	return add_keys(keys, r->keys, r->nkeys);
}

/* {"items":[...],"next":cursor|null}. Returns 200, 500 or 503. */
static int intercoms_json(struct ctx *c, int64_t user_id, const struct cursor *after)
{
	cJSON *root = cJSON_CreateObject(), *items;
	struct cursor next;
	int n;

	if (!root || !(items = cJSON_AddArrayToObject(root, "items")))
		goto oom;
	n = intercoms_of_user(c->db,
			      &(struct intercom_page){user_id, after, tab_limit(c->req), c->sess},
			      json_row, items, &next);
	if (n < 0) {
		cJSON_Delete(root);
		return app_db_fail(c, n);
	}
	if (tab_json_next(root, &next) < 0)
		goto oom;
	return app_json(c, root);
oom:
	cJSON_Delete(root);
	return app_fail(c, 500, "Out of memory.");
}

/* CSV ------------------------------------------------------------------------------------ */

static int csv_intercom(void *arg, const struct intercom_row *r)
{
	struct buf keys;
	char id[24];
	const char *cells[7] = {id,	      r->name, r->address,   r->department,
				r->apartment, "",      r->created_at};
	int rc = 0;

	snprintf(id, sizeof id, "%" PRId64, r->id);
	buf_init(&keys);
	for (size_t i = 0; i < r->nkeys && rc == 0; i++)
		rc = buf_printf(&keys, "%s%s", i ? " " : "", r->keys[i]);
	cells[5] = buf_str(&keys);
	if (rc == 0)
		rc = csv_row(arg, cells, 7);
	buf_free(&keys);
	return rc;
}

/* Every row (from the first, whatever the cursor) as a CSV download; a row's keys share one
 * cell, separated by spaces. Returns 200, 500 or 503. */
static int intercoms_csv(struct ctx *c, int64_t user_id)
{
	static const char *const head[] = {"Intercom ID", "Name", "Address",   "Department",
					   "Apartment",	  "Keys", "Created at"};
	struct cursor at, next;
	const struct cursor *after = NULL;
	char name[64];
	int n;

	if (csv_row(&c->resp->body, head, 7) < 0)
		return app_fail(c, 500, "Out of memory.");
	do {
		n = intercoms_of_user(c->db,
				      &(struct intercom_page){user_id, after, CSV_CHUNK, c->sess},
				      csv_intercom, &c->resp->body, &next);
		if (n < 0)
			return app_db_fail(c, n);
		at = next;
		after = &at;
	} while (next.id);
	snprintf(name, sizeof name, "user-%" PRId64 "-intercoms.csv", user_id);
	tab_download(c, name);
	return 200;
}

/* HTML ----------------------------------------------------------------------------------- */

static void set_keys(struct tmpl_dict *d, const char *const *keys, size_t n)
{
	for (size_t i = 0; i < n; i++)
		tmpl_set(tmpl_section(d, "KEY"), "HEX", keys[i]);
	if (n == 0)
		tmpl_show(d, "NO_KEYS");
}

static int html_row(void *arg, const struct intercom_row *r)
{
	struct tmpl_dict *row = tmpl_section(arg, "ROW");

	tmpl_set_int(row, "ID", r->id);
	tmpl_set(row, "NAME", r->name);
	tmpl_set(row, "ADDRESS", r->address);
	tmpl_set(row, "DEPARTMENT", r->department);
	tmpl_set_int(row, "APARTMENT_ID", r->apartment_id);
	tmpl_set(row, "APARTMENT", r->apartment);
	tmpl_set(row, "CREATED_AT", r->created_at);
	set_keys(row, r->keys, r->nkeys);
	return 0;
}

/* The tab as an HTML fragment. Returns 200, 500 or 503. */
static int intercoms_html(struct ctx *c, int64_t user_id, const struct cursor *after)
{
	struct tmpl_dict *d = tmpl_dict_new();
	char path[64], text[CURSOR_TEXT_MAX];
	struct tab_param keep[1] = {{"limit", req_str(c->req, "limit")}};
	struct tab_list l = {.path = path, .keep = keep, .nkeep = 1};
	struct tab_param csv = {"format", "csv"};
	struct cursor next;
	int n;

	if (!d)
		return app_fail(c, 500, "Out of memory.");
	snprintf(path, sizeof path, "/admin/users/%" PRId64 "/intercoms", user_id);
	n = intercoms_of_user(c->db,
			      &(struct intercom_page){user_id, after, tab_limit(c->req), c->sess},
			      html_row, d, &next);
	if (n < 0) {
		tmpl_dict_free(d);
		return app_db_fail(c, n);
	}
	if (n == 0)
		tmpl_show(d, "EMPTY");
	tmpl_set_int(d, "USER_ID", user_id);
	tmpl_set(d, "ACTION", path);
	for (int i = 0; tab_limit_choices[i]; i++) {
		struct tmpl_dict *o = tmpl_section(d, "LIMIT_OPTION");
		tmpl_set(o, "VALUE", tab_limit_choices[i]);
		if (req_i64(c->req, "limit") == i)
			tmpl_show(o, "SELECTED");
	}
	if (tab_head(d, &l, columns, 6) < 0 || tab_link(d, "CSV_HREF", &l, &csv, 1) < 0 ||
	    (next.id && cursor_encode(&next, text) < 0) ||
	    tab_pager(d, &l, next.id ? text : NULL, after != NULL) < 0) {
		tmpl_dict_free(d);
		return app_fail(c, 500, "Out of memory.");
	}
	return app_render(c, "intercoms_tab.tpl", d);
}

/* GET /admin/users/{id}/intercoms[?limit=&after=&format=csv]: the apartments the user is
 * linked to, by intercom, with the user's keys. 200; 400 for a bad parameter or a cursor of
 * another list; 404 for an unknown or deleted user; 503 while the database is away. */
static int intercoms_tab(struct ctx *c)
{
	struct user u;
	struct cursor buf;
	const struct cursor *after;
	int status;

	if ((status = tab_user(c, &u)) != 0 || (status = read_after(c, &buf, &after)) != 0)
		return status;
	if (req_get(c->req, "format")->present)
		return intercoms_csv(c, u.id);
	return c->req->accept_json ? intercoms_json(c, u.id, after)
				   : intercoms_html(c, u.id, after);
}

/* Intercom card --------------------------------------------------------------------------- */

/* Residents as JSON: apartments in order, each with its users and their keys. */
struct card_json {
	cJSON *apartments, *current_users;
	int64_t current_apartment;
};

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
	return add_keys(keys, r->keys, r->nkeys);
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
	    !cJSON_AddStringToObject(o, "created_at", ic->created_at) ||
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
		set_keys(row, r->keys, r->nkeys);
	} else {
		tmpl_show(row, "NOBODY");
	}
	return 0;
}

/* GET /admin/intercoms/{id}: the intercom card, General data with the apartments, their users
 * and keys. 200; 404 when there is no such intercom; 503 while the database is away. */
static int intercom_card(struct ctx *c)
{
	int64_t id = req_i64(c->req, "id");
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
	tmpl_set(page.content, "CREATED_AT", ic.created_at);
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
	return app_page_end(c, &page);
}

static const struct app_route routes[] = {
    {"GET", "/admin/users/{id}/intercoms", intercoms_tab, ROLE_ADMIN, KIND_FRAGMENT, tab_fields,
     sizeof tab_fields / sizeof tab_fields[0]},
    {"GET", "/admin/intercoms/{id}", intercom_card, ROLE_ADMIN, KIND_PAGE, card_fields, 1},
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
