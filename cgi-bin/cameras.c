/* cameras.c — the Cameras tab of the user profile (GET /admin/users/{id}/cameras: an HTML
 * fragment, JSON, or every page as CSV) and the camera card it links to (GET
 * /admin/cameras/{id}). Read-only. Only cameras the signed-in admin may see ever appear:
 * lib/cameras.c applies the scope in every query, counts and cursors included. */
#include <cjson/cJSON.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "cameras.h"
#include "csv.h"
#include "cursor.h"
#include "tab.h"

#define CSV_CHUNK 500 /* rows fetched per query while writing a CSV */

static const char *const formats[] = {"csv", NULL};

static const struct req_field tab_fields[] = {
    {.name = "id", .src = REQ_PATH, .check = req_id, .required = true},
    {.name = "q", .src = REQ_QUERY, .check = req_text, .max = 255},
    {.name = "status", .src = REQ_QUERY, .check = req_enum, .choices = cameras_status_names},
    {.name = "sort", .src = REQ_QUERY, .check = req_enum, .choices = cameras_sort_names},
    {.name = "dir", .src = REQ_QUERY, .check = req_enum, .choices = tab_dir_choices},
    {.name = "limit", .src = REQ_QUERY, .check = req_enum, .choices = tab_limit_choices},
    {.name = "after", .src = REQ_QUERY, .check = cursor_check},
    {.name = "format", .src = REQ_QUERY, .check = req_enum, .choices = formats},
};

static const struct req_field card_fields[] = {
    {.name = "id", .src = REQ_PATH, .check = req_id, .required = true},
};

static const struct tab_col columns[] = {
    {"ID", "id"},
    {"Name", "name"},
    {"Status", "status"},
    {"Location", "location"},
};

/* The filter the query asks for; after is the storage for a decoded cursor. Returns 0, or 400
 * for a cursor made under another sort order (its shape was checked by the validator). */
static int read_filter(struct ctx *c, int64_t user_id, struct camera_filter *f,
		       struct cursor *after)
{
	const struct req_value *st = req_get(c->req, "status"), *a = req_get(c->req, "after");

	*f = (struct camera_filter){
	    .user_id = user_id,
	    .who = c->sess,
	    .q = req_str(c->req, "q"),
	    .status = st->present ? (int)st->i : -1,
	    .sort = (enum camera_sort)req_i64(c->req, "sort"),
	    .desc = req_i64(c->req, "dir") == 1,
	    .limit = tab_limit(c->req),
	};
	if (a->present) {
		if (cursor_decode(a->s, a->len, after) < 0 || !cameras_cursor_fits(f, after))
			return app_fail(c, 400,
					"after: this cursor belongs to another sort order; "
					"start again from the first page.");
		f->after = after;
	}
	return 0;
}

/* JSON ----------------------------------------------------------------------------------- */

/* "location": {"id", "address"}, or null when the camera has none. Returns true on success. */
static bool add_location(cJSON *o, int64_t id, const char *address)
{
	cJSON *loc;

	if (!id)
		return cJSON_AddNullToObject(o, "location") != NULL;
	loc = cJSON_AddObjectToObject(o, "location");
	return loc && cJSON_AddNumberToObject(loc, "id", (double)id) &&
	       cJSON_AddStringToObject(loc, "address", address);
}

static int json_row(void *arg, const struct camera_row *r)
{
	cJSON *o = cJSON_CreateObject();

	if (!o || !cJSON_AddItemToArray(arg, o)) {
		cJSON_Delete(o);
		return -1;
	}
	if (!cJSON_AddNumberToObject(o, "id", (double)r->id) ||
	    !cJSON_AddStringToObject(o, "name", r->name) ||
	    !cJSON_AddStringToObject(o, "status", cameras_status_names[r->status]) ||
	    !add_location(o, r->location_id, r->address))
		return -1;
	return 0;
}

/* {"items":[...],"counts":{...},"next":cursor|null}. Returns 200, 500 or 503. */
static int cameras_json(struct ctx *c, const struct camera_filter *f, const int64_t *counts)
{
	cJSON *root = cJSON_CreateObject(), *items, *cnt;
	struct cursor next;
	int n;

	if (!root || !(items = cJSON_AddArrayToObject(root, "items")) ||
	    !(cnt = cJSON_AddObjectToObject(root, "counts")))
		goto oom;
	for (int i = 0; i < CAMERA_STATUSES; i++)
		if (!cJSON_AddNumberToObject(cnt, cameras_status_names[i], (double)counts[i]))
			goto oom;
	if ((n = cameras_list(c->db, f, json_row, items, &next)) < 0) {
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

static int csv_camera(void *arg, const struct camera_row *r)
{
	char id[24];
	const char *cells[4] = {id, r->name, cameras_status_names[r->status], r->address};

	snprintf(id, sizeof id, "%" PRId64, r->id);
	return csv_row(arg, cells, 4);
}

/* Every page of f (from the first, whatever the cursor) as a CSV download, fetched
 * CSV_CHUNK rows at a time. Returns 200, 500 or 503. */
static int cameras_csv(struct ctx *c, struct camera_filter *f)
{
	static const char *const head[] = {"ID", "Name", "Status", "Location"};
	struct cursor at, next;
	char name[64];
	int n;

	f->after = NULL;
	f->limit = CSV_CHUNK;
	if (csv_row(&c->resp->body, head, 4) < 0)
		return app_fail(c, 500, "Out of memory.");
	do {
		if ((n = cameras_list(c->db, f, csv_camera, &c->resp->body, &next)) < 0)
			return app_db_fail(c, n);
		at = next;
		f->after = &at;
	} while (next.id);
	snprintf(name, sizeof name, "user-%" PRId64 "-cameras.csv", f->user_id);
	tab_download(c, name);
	return 200;
}

/* HTML ----------------------------------------------------------------------------------- */

static int html_row(void *arg, const struct camera_row *r)
{
	struct tmpl_dict *row = tmpl_section(arg, "ROW");

	tmpl_set_int(row, "ID", r->id);
	tmpl_set(row, "NAME", r->name);
	tmpl_set(row, "STATUS", cameras_status_names[r->status]);
	tmpl_set(row, "STATUS_WORD", cameras_status_words[r->status]);
	if (r->location_id)
		tmpl_set(tmpl_section(row, "LOCATION"), "ADDRESS", r->address);
	return 0;
}

/* The counts above the table, each a link to that status filter (search and page size kept). */
static int fill_counts(struct tmpl_dict *d, const struct tab_list *l, const struct camera_filter *f,
		       const int64_t *counts)
{
	struct tab_list all = *l;
	int64_t total = 0;

	all.nkeep = 2; /* q and limit: keep[0..2), not status */
	for (int i = 0; i < CAMERA_STATUSES; i++) {
		struct tmpl_dict *row = tmpl_section(d, "COUNT");
		struct tab_param st = {"status", cameras_status_names[i]};
		tmpl_set(row, "STATUS", cameras_status_names[i]);
		tmpl_set(row, "WORD", cameras_status_words[i]);
		tmpl_set_int(row, "N", counts[i]);
		if (f->status == i)
			tmpl_show(row, "CURRENT");
		if (tab_link(row, "HREF", &all, &st, 1) < 0)
			return -1;
		total += counts[i];
	}
	tmpl_set_int(d, "TOTAL", total);
	if (f->status < 0)
		tmpl_show(d, "ALL_CURRENT");
	return tab_link(d, "ALL_HREF", &all, NULL, 0);
}

/* The filter form: search, status and page size, the sort kept in hidden fields. */
static void fill_form(struct tmpl_dict *d, struct ctx *c, const struct camera_filter *f)
{
	for (int i = 0; i < CAMERA_STATUSES; i++) {
		struct tmpl_dict *o = tmpl_section(d, "STATUS_OPTION");
		tmpl_set(o, "VALUE", cameras_status_names[i]);
		tmpl_set(o, "LABEL", cameras_status_words[i]);
		if (f->status == i)
			tmpl_show(o, "SELECTED");
	}
	for (int i = 0; tab_limit_choices[i]; i++) {
		struct tmpl_dict *o = tmpl_section(d, "LIMIT_OPTION");
		tmpl_set(o, "VALUE", tab_limit_choices[i]);
		if ((size_t)req_i64(c->req, "limit") == (size_t)i)
			tmpl_show(o, "SELECTED");
	}
	tmpl_set(d, "Q", f->q);
	tmpl_set(d, "SORT", cameras_sort_names[f->sort]);
	tmpl_set(d, "DIR", f->desc ? "desc" : "asc");
}

/* The tab as an HTML fragment. Returns 200, 500 or 503. */
static int cameras_html(struct ctx *c, const struct camera_filter *f, const int64_t *counts)
{
	struct tmpl_dict *d = tmpl_dict_new();
	char path[64], text[CURSOR_TEXT_MAX];
	struct tab_param keep[3] = {
	    {"q", f->q},
	    {"limit", req_str(c->req, "limit")},
	    {"status", f->status >= 0 ? cameras_status_names[f->status] : NULL},
	};
	struct tab_list l = {.path = path,
			     .keep = keep,
			     .nkeep = 3,
			     .sort = cameras_sort_names[f->sort],
			     .desc = f->desc};
	struct tab_param csv = {"format", "csv"};
	struct cursor next;
	int n;

	if (!d)
		return app_fail(c, 500, "Out of memory.");
	snprintf(path, sizeof path, "/admin/users/%" PRId64 "/cameras", f->user_id);
	if ((n = cameras_list(c->db, f, html_row, d, &next)) < 0) {
		tmpl_dict_free(d);
		return app_db_fail(c, n);
	}
	if (n == 0)
		tmpl_show(d, "EMPTY");
	tmpl_set_int(d, "USER_ID", f->user_id);
	tmpl_set(d, "ACTION", path);
	fill_form(d, c, f);
	if (fill_counts(d, &l, f, counts) < 0 || tab_head(d, &l, columns, 4) < 0 ||
	    tab_link(d, "CSV_HREF", &l, &csv, 1) < 0 ||
	    (next.id && cursor_encode(&next, text) < 0) ||
	    tab_pager(d, &l, next.id ? text : NULL, f->after != NULL) < 0) {
		tmpl_dict_free(d);
		return app_fail(c, 500, "Out of memory.");
	}
	return app_render(c, "cameras_tab.tpl", d);
}

/* GET /admin/users/{id}/cameras[?q=&status=&sort=&dir=&limit=&after=&format=csv]: the
 * cameras of the user that the signed-in admin may see, with counts per status over the
 * search (the status filter does not change them). 200; 400 for a bad parameter (the loop) or
 * a cursor made for another order; 404 for an unknown or deleted user; 503 while the database
 * is away. */
static int cameras_tab(struct ctx *c)
{
	struct user u;
	struct camera_filter f;
	struct cursor after;
	int64_t counts[CAMERA_STATUSES];
	int status, rc;

	if ((status = tab_user(c, &u)) != 0 || (status = read_filter(c, u.id, &f, &after)) != 0)
		return status;
	if (req_get(c->req, "format")->present)
		return cameras_csv(c, &f);
	if ((rc = cameras_counts(c->db, &f, counts)) < 0)
		return app_db_fail(c, rc);
	return c->req->accept_json ? cameras_json(c, &f, counts) : cameras_html(c, &f, counts);
}

/* Camera card ---------------------------------------------------------------------------- */

static int card_json(struct ctx *c, const struct camera *cam)
{
	cJSON *o = cJSON_CreateObject();

	if (!o || !cJSON_AddNumberToObject(o, "id", (double)cam->id) ||
	    !cJSON_AddStringToObject(o, "name", cam->name) ||
	    !cJSON_AddStringToObject(o, "status", cameras_status_names[cam->status]) ||
	    !add_location(o, cam->location_id, cam->address) ||
	    !cJSON_AddStringToObject(o, "external_id", cam->external_id) ||
	    !cJSON_AddStringToObject(o, "mac", cam->mac) ||
	    !cJSON_AddStringToObject(o, "serial", cam->serial) ||
	    !cJSON_AddNumberToObject(o, "archive_days", (double)cam->archive_days) ||
	    !cJSON_AddStringToObject(o, "created_at", cam->created_at) ||
	    !cJSON_AddNumberToObject(o, "users", (double)cam->users)) {
		cJSON_Delete(o);
		return app_fail(c, 500, "Out of memory.");
	}
	return app_json(c, o);
}

/* GET /admin/cameras/{id}: the camera card, General data. 200; 404 when there is no such
 * camera or the admin may not see it (the same answer); 503 while the database is away. */
static int camera_card(struct ctx *c)
{
	int64_t id = req_i64(c->req, "id");
	struct camera cam;
	struct app_page page;
	int rc = cameras_get(c->db, c->sess, id, &cam);

	if (rc < 0)
		return app_db_fail(c, rc);
	if (rc == 0)
		return app_fail(c, 404, "There is no camera %" PRId64 ".", id);
	if (c->req->accept_json)
		return card_json(c, &cam);
	if (app_page_begin(c, &page, cam.name, "camera_card.tpl") < 0)
		return app_fail(c, 500, "Out of memory.");
	tmpl_set_int(page.content, "ID", cam.id);
	tmpl_set(page.content, "NAME", cam.name);
	tmpl_set(page.content, "STATUS", cameras_status_names[cam.status]);
	tmpl_set(page.content, "STATUS_WORD", cameras_status_words[cam.status]);
	tmpl_set(page.content, "ADDRESS", cam.address);
	tmpl_set(page.content, "EXTERNAL_ID", cam.external_id);
	tmpl_set(page.content, "MAC", cam.mac);
	tmpl_set(page.content, "SERIAL", cam.serial);
	tmpl_set_int(page.content, "ARCHIVE_DAYS", cam.archive_days);
	tmpl_set(page.content, "CREATED_AT", cam.created_at);
	tmpl_set_int(page.content, "USERS", cam.users);
	return app_page_end(c, &page);
}

static const struct app_route routes[] = {
    {"GET", "/admin/users/{id}/cameras", cameras_tab, ROLE_ADMIN, KIND_FRAGMENT, tab_fields,
     sizeof tab_fields / sizeof tab_fields[0]},
    {"GET", "/admin/cameras/{id}", camera_card, ROLE_ADMIN, KIND_PAGE, card_fields, 1},
};

static const struct app app = {
    .name = "cameras",
    .summary = "The Cameras tab of the user profile (list, JSON, CSV) and the camera card.",
    .routes = routes,
    .nroutes = sizeof routes / sizeof routes[0],
};

int main(int argc, char **argv)
{
	return app_main(&app, argc, argv);
}
