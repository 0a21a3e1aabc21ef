/* analytics.c — the Analytics tab (GET /admin/users/{id}/analytics: the licences per level with
 * their use, then the user's cases, on the list contract) and the licence totals a superadmin
 * sets (POST /admin/users/{id}/analytics/licenses). The rules it keeps (lib/analytics.h): the
 * tab is offered while the user holds a licence or has hidden cases not yet gone; a sub-user
 * is shown its parent's licences and its own cases; a level without licences hides its cases
 * (listed nowhere, counted nowhere) and says when they go; Free is never negative, over-use is
 * said. Camera names go through the admin's camera scope. */
#include <cjson/cJSON.h>
#include <inttypes.h>
#include <stdio.h>

#include "analytics.h"
#include "app.h"
#include "audit.h"
#include "list.h"
#include "tab.h"

#define ROW(m) offsetof(struct analytics_case_row, m)

/* The tab's inputs; the POST declares the same (it answers with the tab) and its own two. */
enum { F_ID = LIST_NFIELDS, F_LEVEL, F_STATUS, NFIELDS, F_SET_LEVEL = NFIELDS, F_TOTAL, PFIELDS };

#define TAB_INPUTS                                                                                 \
	LIST_INPUTS(analytics_sort_names),                                                         \
	    [F_ID] = {.name = "id", .src = REQ_PATH, .check = req_id, .required = true},           \
	    [F_LEVEL] = {.name = "level",                                                          \
			 .src = REQ_QUERY,                                                         \
			 .check = req_enum,                                                        \
			 .choices = analytics_level_names},                                        \
	    [F_STATUS] = {.name = "status",                                                        \
			  .src = REQ_QUERY,                                                        \
			  .check = req_enum,                                                       \
			  .choices = analytics_status_names}

static const struct req_field tab_fields[NFIELDS] = {TAB_INPUTS};

static const struct req_field licence_fields[PFIELDS] = {
    TAB_INPUTS,
    ANALYTICS_LICENCE_INPUTS(F_SET_LEVEL, F_TOTAL),
};

static const struct list_col columns[] = {
    LIST_COL("id", "ID", LIST_INT, ROW(id), .csv_only = true),
    LIST_COL("name", "Name", LIST_TEXT, ROW(name)),
    LIST_COL("type", "Analytics type", LIST_TEXT, ROW(type)),
    LIST_COL("slug", NULL, LIST_TEXT, ROW(slug)),
    LIST_COL("level", "Level", LIST_ENUM, ROW(level), .names = analytics_level_names),
    LIST_COL("status", "Status", LIST_ENUM, ROW(status), .names = analytics_status_names,
	     .words = analytics_status_words),
    LIST_COL("cameras", "Cameras", LIST_INT, ROW(cameras)),
    LIST_COL("camera_names", NULL, LIST_STRS, ROW(camera_names)),
    LIST_COL("cameras_hidden", NULL, LIST_INT, ROW(cameras_hidden)),
    LIST_COL("events", "Events", LIST_INT, ROW(events)),
    LIST_COL("created_at", "Created at", LIST_TIME, ROW(created_at)),
};

/* What the page shows above the cases. */
struct page {
	const struct user *u;
	const struct analytics_filter *f;
	const struct analytics_licences *lic;
	const struct analytics_use *use; /* [ANALYTICS_LEVELS] */
	bool editable;			 /* a superadmin, on a user that owns its licences */
	bool offered;			 /* the profile still offers the tab */
	const char *message;		 /* after a change of a total */
};

/* A level's figures as shown: Free never negative, over-use apart. */
static int64_t free_of(const struct analytics_licence *l, const struct analytics_use *u)
{
	return l->total > u->used ? l->total - u->used : 0;
}

static int64_t over_of(const struct analytics_licence *l, const struct analytics_use *u)
{
	return u->used > l->total ? u->used - l->total : 0;
}

/* JSON: {"levels":[{"level","label","total","used","used_own","free","over","hidden_cases",
 * "hidden_since","delete_on"}], "licences_of": owner id, "message"} beside the items. */
static int page_json(struct list *l, cJSON *root)
{
	const struct page *p = l->args->arg;
	cJSON *levels = cJSON_AddArrayToObject(root, "levels");

	if (!levels || !cJSON_AddNumberToObject(root, "licences_of", (double)p->lic->owner_id) ||
	    (p->message && !cJSON_AddStringToObject(root, "message", p->message)))
		return -1;
	for (int i = 0; i < ANALYTICS_LEVELS; i++) {
		const struct analytics_licence *lv = &p->lic->lv[i];
		const struct analytics_use *u = &p->use[i];
		cJSON *o = cJSON_CreateObject();
		bool hidden = u->hidden > 0;
		if (!o || !cJSON_AddItemToArray(levels, o)) {
			cJSON_Delete(o);
			return -1;
		}
		if (!cJSON_AddStringToObject(o, "level", lv->code) ||
		    !cJSON_AddStringToObject(o, "label", lv->label) ||
		    !cJSON_AddNumberToObject(o, "total", (double)lv->total) ||
		    !cJSON_AddNumberToObject(o, "used", (double)u->used) ||
		    !cJSON_AddNumberToObject(o, "used_own", (double)u->used_own) ||
		    !cJSON_AddNumberToObject(o, "free", (double)free_of(lv, u)) ||
		    !cJSON_AddNumberToObject(o, "over", (double)over_of(lv, u)) ||
		    !cJSON_AddNumberToObject(o, "hidden_cases", (double)u->hidden) ||
		    !app_json_time(o, "hidden_since", hidden ? lv->revoked_at : "") ||
		    !app_json_time(o, "delete_on", hidden ? lv->delete_on : ""))
			return -1;
	}
	return 0;
}

static void level_html(const struct page *p, struct tmpl_dict *d, int i)
{
	const struct analytics_licence *lv = &p->lic->lv[i];
	const struct analytics_use *u = &p->use[i];
	struct tmpl_dict *r = tmpl_section(d, "LEVEL");

	tmpl_set(r, "CODE", lv->code);
	tmpl_set(r, "LABEL", lv->label);
	tmpl_set_int(r, "TOTAL", lv->total);
	tmpl_set_int(r, "USED", u->used);
	tmpl_set_int(r, "FREE", free_of(lv, u));
	tmpl_show(r, p->editable ? "EDIT" : "READ");
	if (u->used != u->used_own)
		tmpl_set_int(tmpl_section(r, "SHARED"), "USED_OWN", u->used_own);
	if (over_of(lv, u))
		tmpl_set_int(tmpl_section(r, "OVER"), "OVER_BY", over_of(lv, u));
	if (u->hidden) {
		struct tmpl_dict *h = tmpl_section(r, "HIDDEN");
		tmpl_set_int(h, "N", u->hidden);
		tmpl_set(h, "CASES", u->hidden == 1 ? "case" : "cases");
		if (lv->revoked_at[0])
			app_time(tmpl_section(h, "SINCE_AT"), "SINCE", lv->revoked_at);
		else
			tmpl_show(h, "SINCE_GONE");
		if (lv->delete_on[0])
			app_time(tmpl_section(h, "PURGE"), "DELETE_ON", lv->delete_on);
	}
}

/* The licence table, the filters, and the notes above the cases. */
static int page_html(struct list *l, struct tmpl_dict *d)
{
	const struct page *p = l->args->arg;

	tmpl_set_int(d, "USER_ID", p->u->id);
	for (int i = 0; i < ANALYTICS_LEVELS; i++)
		level_html(p, d, i);
	for (int i = 0; analytics_level_names[i]; i++) {
		struct tmpl_dict *o = tmpl_section(d, "LEVEL_OPTION");
		tmpl_set(o, "VALUE", analytics_level_names[i]);
		if (p->f->level == i)
			tmpl_show(o, "SELECTED");
	}
	for (int i = 0; analytics_status_names[i]; i++) {
		struct tmpl_dict *o = tmpl_section(d, "STATUS_OPTION");
		tmpl_set(o, "VALUE", analytics_status_names[i]);
		tmpl_set(o, "LABEL", analytics_status_words[i]);
		if (p->f->status == i)
			tmpl_show(o, "SELECTED");
	}
	if (p->lic->subuser)
		tmpl_set_int(tmpl_section(d, "SUBUSER"), "OWNER_ID", p->lic->owner_id);
	if (p->message)
		tmpl_set(tmpl_section(d, "MESSAGE"), "TEXT", p->message);
	if (!p->offered)
		tmpl_show(d, "NOT_OFFERED");
	return 0;
}

/* Each case's cameras: the names the admin may see, and how many it may not. */
static int row_html(struct list *l, struct tmpl_dict *d, const void *row)
{
	const struct analytics_case_row *r = row;

	(void)l;
	tmpl_show(d, r->cameras ? "SOME_CAMERAS" : "NO_CAMERAS");
	if (r->cameras_hidden)
		tmpl_set_int(tmpl_section(d, "OUT_OF_SCOPE"), "N", r->cameras_hidden);
	return 0;
}

static const struct list_spec cases_list = {
    .name = "analytics",
    .cols = columns,
    .ncols = sizeof columns / sizeof columns[0],
    .sorts = analytics_sort_names,
    .desc = true,
    .row_size = sizeof(struct analytics_case_row),
    .id_off = ROW(id),
    .query = analytics_cases,
    .tpl = "analytics_tab.tpl",
    .row_html = row_html,
    .page_html = page_html,
    .page_json = page_json,
};

/* The tab for user u (a live user), with message above it. gate: answer 404 when the profile
 * does not offer the tab. Returns the status of list_serve, or 404/503. */
static int serve_tab(struct ctx *c, const struct user *u, bool gate, const char *message)
{
	const struct req_value *lv = req_val(c->req, F_LEVEL), *st = req_val(c->req, F_STATUS);
	struct analytics_licences lic;
	struct analytics_use use[ANALYTICS_LEVELS];
	char path[80], name[64];
	int rc;

	if ((rc = analytics_licences(c->db, u->id, &lic)) <= 0 ||
	    (rc = analytics_usage(c->db, u->id, &lic, use)) < 0)
		return rc == 0 ? app_fail(c, 404, "There is no user %" PRId64 ".", u->id)
			       : app_db_fail(c, rc);
	struct analytics_filter f = {.user_id = u->id,
				     .held = lic.held,
				     .level = lv->present ? (int)lv->i : -1,
				     .status = st->present ? (int)st->i : -1};
	struct page p = {.u = u,
			 .f = &f,
			 .lic = &lic,
			 .use = use,
			 .editable = c->sess->superadmin && !lic.subuser,
			 .offered = analytics_offered_by(&lic, use),
			 .message = message};
	if (gate && !p.offered)
		return app_fail(c, 404,
				"User %" PRId64
				" holds no analytics licence%s and has no hidden cases, "
				"so its profile has no Analytics tab.",
				u->id, lic.subuser ? " (through its parent)" : "");
	struct list_args a = {.path = path, .filter = &f, .arg = &p, .csv_name = name};
	snprintf(path, sizeof path, "/admin/users/%" PRId64 "/analytics", u->id);
	snprintf(name, sizeof name, "user-%" PRId64 "-analytics.csv", u->id);
	return list_serve(c, &cases_list, &a);
}

/* GET /admin/users/{id}/analytics[?level=&status=&sort=&dir=&limit=&after=|before=&format=csv]:
 * the licences and the cases. 200; 400 for a bad parameter or cursor; 404 for an unknown or
 * deleted user, or one the tab is not offered for (saying why); 503 while the database is
 * away. */
static int analytics_tab(struct ctx *c)
{
	struct user u;
	int status;

	if ((status = tab_user(c, F_ID, TAB_LIVE, 0, &u)) != 0)
		return status;
	return serve_tab(c, &u, true, NULL);
}

/* POST /admin/users/{id}/analytics/licenses (level=L1&total=5, or JSON {"level","total"}; CSRF
 * token; a superadmin): set the level's total, answering the tab (or its JSON) with what
 * changed. 200; 400 for a bad level or total (a whole number 0..100000), naming it; 403 for an
 * ordinary admin or without the CSRF token; 404 for an unknown user; 409 for a deleted user or
 * a sub-user (it uses its parent's licences); 503 while the database is away. */
static int set_licences(struct ctx *c)
{
	struct user u;
	struct analytics_set s = {.level = (int)req_int_of(c->req, F_SET_LEVEL) + 1,
				  .total = req_int_of(c->req, F_TOTAL),
				  .who = audit_who(c)};
	char said[120];
	int status, rc;

	if ((status = tab_user(c, F_ID, TAB_DELETED_OK, 0, &u)) != 0)
		return status;
	s.user_id = u.id;
	rc = analytics_set_total(c->db, &s);
	if (rc < 0)
		return app_db_fail(c, rc);
	if (rc == ANALYTICS_NO_USER)
		return app_fail(c, 404, "There is no user %" PRId64 ".", u.id);
	if (rc == ANALYTICS_DELETED)
		return app_fail(c, 409,
				"This user was deleted; its licences can no longer change.");
	if (rc == ANALYTICS_SUBUSER)
		return app_fail(c, 409,
				"User %" PRId64
				" is a sub-user: it uses the licences of its parent "
				"%" PRId64 "; set them there.",
				u.id, u.parent_id);
	if (s.old_total == s.total)
		snprintf(said, sizeof said, "%s stays at %" PRId64 ".",
			 req_str_of(c->req, F_SET_LEVEL), s.total);
	else
		snprintf(said, sizeof said, "%s: %" PRId64 " \u2192 %" PRId64 " licences.",
			 req_str_of(c->req, F_SET_LEVEL), s.old_total, s.total);
	return serve_tab(c, &u, false, said);
}

static const struct app_route routes[] = {
    {"GET", "/admin/users/{id}/analytics", analytics_tab, ROLE_ADMIN, KIND_FRAGMENT, tab_fields,
     NFIELDS},
    {"POST", "/admin/users/{id}/analytics/licenses", set_licences, ROLE_SUPERADMIN, KIND_FRAGMENT,
     licence_fields, PFIELDS},
};

static const struct app app = {
    .name = "analytics",
    .summary = "The Analytics tab: licences per level, their use, the cases; licence totals.",
    .routes = routes,
    .nroutes = sizeof routes / sizeof routes[0],
};

int main(int argc, char **argv)
{
	return app_main(&app, argc, argv);
}
