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
#include "list.h"
#include "tab.h"
#include "users.h"

#define ROW(m) offsetof(struct camera_row, m)

enum { F_ID = LIST_NFIELDS, F_Q, F_STATUS, NFIELDS };

static const struct req_field tab_fields[NFIELDS] = {
    LIST_INPUTS(cameras_sort_names),
    [F_ID] = {.name = "id", .src = REQ_PATH, .check = req_id, .required = true},
    [F_Q] = {.name = "q", .src = REQ_QUERY, .check = req_text, .max = 255},
    [F_STATUS] = {.name = "status",
		  .src = REQ_QUERY,
		  .check = req_enum,
		  .choices = cameras_status_names},
};

enum { C_ID, C_FROM, C_NFIELDS };
static const struct req_field card_fields[C_NFIELDS] = {
    [C_ID] = {.name = "id", .src = REQ_PATH, .check = req_id, .required = true},
    [C_FROM] = {.name = "from", .src = REQ_QUERY, .check = req_id}, /* the profile it came from */
};

static const struct list_col columns[] = {
    LIST_COL("id", "ID", LIST_INT, ROW(id)),
    LIST_COL("name", "Name", LIST_TEXT, ROW(name)),
    LIST_COL("status", "Status", LIST_ENUM, ROW(status), .names = cameras_status_names,
	     .words = cameras_status_words),
    LIST_COL("location", "Location", LIST_TEXT, ROW(address), .custom_json = true),
    LIST_COL("blocked", "Blocked", LIST_BOOL, ROW(blocked), .csv_only = true),
};

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

static int row_json(struct list *l, cJSON *o, const void *row)
{
	const struct camera_row *r = row;

	(void)l;
	return add_location(o, r->location_id, r->address) ? 0 : -1;
}

static int row_html(struct list *l, struct tmpl_dict *d, const void *row)
{
	const struct camera_row *r = row;

	(void)l;
	if (r->location_id)
		tmpl_set(tmpl_section(d, "LOCATION"), "ADDRESS", r->address);
	return 0;
}

/* {"counts":{status: n, ...},"outside_scope":n,"user_status":...} beside the items. */
static int page_json(struct list *l, cJSON *root)
{
	const struct camera_head *h = l->args->arg;
	cJSON *cnt = cJSON_AddObjectToObject(root, "counts");

	for (int i = 0; cnt && i < CAMERA_STATUSES; i++)
		if (!cJSON_AddNumberToObject(cnt, cameras_status_names[i],
					     (double)h->counts.by_status[i]))
			return -1;
	return cnt &&
		       cJSON_AddNumberToObject(root, "outside_scope",
					       (double)h->counts.outside_scope) &&
		       cJSON_AddStringToObject(root, "user_status",
					       users_status_names[h->user.status])
		   ? 0
		   : -1;
}

/* The counts above the table, each a link to that status filter, and the filter form. */
static int page_html(struct list *l, struct tmpl_dict *d)
{
	const struct camera_head *h = l->args->arg;
	const int64_t *counts = h->counts.by_status;
	const struct camera_filter *f = l->args->filter;
	struct list_param all = {"status", ""};
	int64_t total = 0;

	for (int i = 0; i < CAMERA_STATUSES; i++) {
		struct tmpl_dict *row = tmpl_section(d, "COUNT");
		struct list_param st = {"status", cameras_status_names[i]};
		tmpl_set(row, "STATUS", cameras_status_names[i]);
		tmpl_set(row, "WORD", cameras_status_words[i]);
		tmpl_set_int(row, "N", counts[i]);
		if (f->status == i)
			tmpl_show(row, "CURRENT");
		if (list_link(l, row, "HREF", &st, 1) < 0)
			return -1;
		total += counts[i];
		struct tmpl_dict *o = tmpl_section(d, "STATUS_OPTION");
		tmpl_set(o, "VALUE", cameras_status_names[i]);
		tmpl_set(o, "LABEL", cameras_status_words[i]);
		if (f->status == i)
			tmpl_show(o, "SELECTED");
	}
	tmpl_set_int(d, "TOTAL", total);
	if (h->counts.outside_scope) {
		struct tmpl_dict *o = tmpl_section(d, "OUTSIDE_SCOPE");
		tmpl_set_int(o, "N", h->counts.outside_scope);
		tmpl_show(o, h->counts.outside_scope == 1 ? "ONE" : "MANY");
	}
	if (!strcmp(users_status_names[h->user.status], "paused"))
		tmpl_show(d, "PAUSED");
	if (f->status < 0)
		tmpl_show(d, "ALL_CURRENT");
	tmpl_set_int(d, "USER_ID", f->user_id);
	tmpl_set(d, "Q", f->q);
	return list_link(l, d, "ALL_HREF", &all, 1);
}

static const struct list_spec cameras_tab_list = {
    .name = "cameras",
    .cols = columns,
    .ncols = sizeof columns / sizeof columns[0],
    .sorts = cameras_sort_names,
    .row_size = sizeof(struct camera_row),
    .id_off = ROW(id),
    .query = cameras_tab_page,
    .tpl = "cameras_tab.tpl",
    .row_html = row_html,
    .row_json = row_json,
    .page_html = page_html,
    .page_json = page_json,
};

/* The user the page's statement read (a live one; read with the counts alone when the page was
 * empty), and the counts: a search by name counts its matches now. 0, or the status recorded
 * (404, 503). */
static int check(struct list *l)
{
	struct camera_head *h = (struct camera_head *)l->args->arg;
	int status, rc;

	if (!h->user.found && (rc = cameras_tab_head(l->c->db, l->c->scope, l->args->filter)) < 0)
		return app_db_fail(l->c, rc);
	if ((status = tab_head_check(l->c, F_ID, TAB_LIVE, &h->user)) != 0)
		return status;
	if (!h->counted && !req_val(l->c->req, LIST_F_FORMAT)->present &&
	    (rc = cameras_counts(l->c->db, l->c->scope, l->args->filter, &h->counts)) < 0)
		return app_db_fail(l->c, rc);
	return 0;
}

/* GET /admin/users/{id}/cameras[?q=&status=&sort=&dir=&limit=&after=|before=&format=csv]: the
 * cameras of the user that the signed-in admin may see, with counts per status over the
 * search (the status filter does not change them); one statement reads the page, the user and
 * the counts. 200; 400 for a bad parameter or a cursor of another order or filter; 404 for an
 * unknown or deleted user; 503 while the database is away. */
static int cameras_tab(struct ctx *c)
{
	const struct req_value *st = req_val(c->req, F_STATUS);
	int64_t id = req_int_of(c->req, F_ID);
	struct camera_head h = {0};
	struct camera_filter f = {.user_id = id,
				  .q = req_str_of(c->req, F_Q),
				  .status = st->present ? (int)st->i : -1,
				  .head = &h};
	char path[64], name[64];
	struct list_args a = {
	    .path = path, .filter = &f, .arg = &h, .csv_name = name, .check = check};

	snprintf(path, sizeof path, "/admin/users/%" PRId64 "/cameras", id);
	snprintf(name, sizeof name, "user-%" PRId64 "-cameras.csv", id);
	return list_serve(c, &cameras_tab_list, &a);
}

/* Camera card ---------------------------------------------------------------------------- */

static int json_user(void *arg, const struct camera_user *u)
{
	cJSON *o = cJSON_CreateObject();

	if (!o || !cJSON_AddItemToArray(arg, o)) {
		cJSON_Delete(o);
		return -1;
	}
	return cJSON_AddNumberToObject(o, "id", (double)u->id) &&
		       cJSON_AddStringToObject(o, "username", u->username) &&
		       cJSON_AddStringToObject(o, "login", u->login) &&
		       cJSON_AddBoolToObject(o, "deleted", u->deleted)
		   ? 0
		   : -1;
}

static int html_user(void *arg, const struct camera_user *u)
{
	struct tmpl_dict *row = tmpl_section(arg, "USER");

	tmpl_set_int(row, "USER_ID", u->id);
	tmpl_set(row, "USERNAME", u->username);
	tmpl_set(row, "LOGIN", u->login);
	if (u->deleted)
		tmpl_show(row, "DELETED");
	return 0;
}

static int card_json(struct ctx *c, const struct camera *cam)
{
	cJSON *o = cJSON_CreateObject(), *list;
	bool more;
	int rc;

	if (!o || !cJSON_AddNumberToObject(o, "id", (double)cam->id) ||
	    !cJSON_AddStringToObject(o, "name", cam->name) ||
	    !cJSON_AddStringToObject(o, "status", cameras_status_names[cam->status]) ||
	    !add_location(o, cam->location_id, cam->address) ||
	    !cJSON_AddStringToObject(o, "external_id", cam->external_id) ||
	    !cJSON_AddStringToObject(o, "mac", cam->mac) ||
	    !cJSON_AddStringToObject(o, "serial", cam->serial) ||
	    !cJSON_AddNumberToObject(o, "archive_days", (double)cam->archive_days) ||
	    !app_json_time(o, "created_at", cam->created_at) ||
	    !cJSON_AddNumberToObject(o, "users", (double)cam->users) ||
	    !(list = cJSON_AddArrayToObject(o, "user_list"))) {
		cJSON_Delete(o);
		return app_fail(c, 500, "Out of memory.");
	}
	if ((rc = cameras_users(c->db, cam->id, json_user, list, &more)) < 0) {
		cJSON_Delete(o);
		return app_db_fail(c, rc);
	}
	if (!cJSON_AddBoolToObject(o, "user_list_truncated", more)) {
		cJSON_Delete(o);
		return app_fail(c, 500, "Out of memory.");
	}
	return app_json(c, o);
}

/* The breadcrumb back: Users › the user the admin came from (when it has this camera) ›
 * Camera <name>. Returns 0 or a negative enum db_rc. */
static int card_crumbs(struct ctx *c, struct app_page *page, const struct camera *cam)
{
	int64_t from = req_int_of(c->req, C_FROM);
	char name[1024], href[96], here[1100];
	int rc = from ? cameras_user_name(c->db, cam->id, from, name) : 0;

	if (rc < 0)
		return rc;
	app_crumb(page, "Users", "/admin/users");
	if (rc == 1) {
		snprintf(href, sizeof href, "/admin/users/%" PRId64 "?tab=cameras", from);
		app_crumb(page, name, href);
	}
	snprintf(here, sizeof here, "Camera %s", cam->name);
	app_crumb(page, here, NULL);
	return 0;
}

/* GET /admin/cameras/{id}[?from=USER]: the camera card, General data, with the users that have
 * the camera and a breadcrumb back to the profile it was opened from. 200; 404 when there is
 * no such camera or the admin may not see it (the same answer); 503 while the database is
 * away. */
static int camera_card(struct ctx *c)
{
	int64_t id = req_int_of(c->req, C_ID);
	struct camera cam;
	struct app_page page;
	bool more;
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
	app_time(page.content, "CREATED_AT", cam.created_at);
	tmpl_set_int(page.content, "USERS", cam.users);
	if ((rc = card_crumbs(c, &page, &cam)) < 0 ||
	    (rc = cameras_users(c->db, cam.id, html_user, page.content, &more)) < 0) {
		tmpl_dict_free(page.root);
		return app_db_fail(c, rc);
	}
	if (rc == 0)
		tmpl_show(page.content, "NO_USERS");
	if (more)
		tmpl_set_int(tmpl_section(page.content, "MORE_USERS"), "MAX", CAMERA_USERS_MAX);
	return app_page_end(c, &page);
}

static const struct app_route routes[] = {
    {"GET", "/admin/users/{id}/cameras", cameras_tab, ROLE_ADMIN, KIND_FRAGMENT, tab_fields,
     NFIELDS},
    {"GET", "/admin/cameras/{id}", camera_card, ROLE_ADMIN, KIND_PAGE, card_fields, C_NFIELDS},
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
