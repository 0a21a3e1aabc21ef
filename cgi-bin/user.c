/* user.c — the profile header (identity, the tabs the profile offers, the two actions) and the
 * User tab (the read-only data billing sent). The profile page re-reads the header after every
 * save, so the tab bar follows what a save changed (a licence, subusers-manage). */
#include <cjson/cJSON.h>
#include <string.h>

#include "analytics.h"
#include "app.h"
#include "tab.h"
#include "users.h"

enum { F_ID };
static const struct req_field id_field[] = {
    [F_ID] = {.name = "id", .src = REQ_PATH, .check = req_id, .required = true},
};

/* The tabs this user's profile offers, in display order: the one place that decides it. The
 * rules behind each are the tabs' own: Sub-users for a holder of subusers-manage (not a
 * sub-user), Analytics when analytics_offered says so. A deleted user keeps its history, read
 * only: what billing sent, its sub-users, its permissions and the audit trail. */
static size_t user_tabs(const struct user *u, bool analytics, const char *tabs[9])
{
	bool deleted = u->deleted_at[0] != '\0';
	bool billing = !strcmp(u->origin, "billing");
	bool subusers = !u->parent_id && u->subusers_allowed;
	size_t n = 0;

	tabs[n++] = "user";
	if (!deleted) {
		tabs[n++] = "cameras";
		tabs[n++] = "intercoms";
	}
	if (subusers)
		tabs[n++] = "subusers";
	if (billing)
		tabs[n++] = "billing-events";
	tabs[n++] = "access";
	if (!deleted && analytics)
		tabs[n++] = "analytics";
	tabs[n++] = "audit";
	return n;
}

static int header_json(struct ctx *c, const struct user *u, const char **tabs, size_t ntabs)
{
	cJSON *o = cJSON_CreateObject(), *t;

	if (!o || !cJSON_AddNumberToObject(o, "id", (double)u->id) ||
	    !cJSON_AddStringToObject(o, "username", u->username) ||
	    !cJSON_AddStringToObject(o, "login", u->login) ||
	    !app_json_time(o, "created_at", u->created_at) ||
	    !cJSON_AddStringToObject(o, "origin", u->origin) ||
	    !cJSON_AddStringToObject(o, "status", u->status) ||
	    !app_json_time(o, "deleted_at", u->deleted_at) ||
	    !(t = cJSON_CreateStringArray(tabs, (int)ntabs)) ||
	    !cJSON_AddItemToObject(o, "tabs", t)) {
		cJSON_Delete(o);
		return app_fail(c, 500, "Out of memory.");
	}
	return app_json(c, o);
}

/* Who is signed in, for the page's top bar: name, CSRF token (Sign out) and whether the
 * superadmins' pages are offered. */
static void signed_in(struct ctx *c, struct tmpl_dict *d)
{
	tmpl_set(d, "CSRF", c->sess->csrf);
	tmpl_set(d, "ADMIN", c->sess->login);
	if (c->sess->superadmin)
		tmpl_show(d, "SUPERADMIN");
}

/* The header of a user that does not exist: 404 with why, and the signed-in admin, so that
 * the page around it can still sign out. */
static int header_missing(struct ctx *c)
{
	struct tmpl_dict *d = tmpl_dict_new();
	int status;

	if (!d)
		return 404;
	tmpl_show(d, "MISSING");
	tmpl_set(d, "MESSAGE", c->resp->msg);
	tmpl_set_int(d, "ID", req_int_of(c->req, F_ID));
	signed_in(c, d);
	status = app_render(c, "header.tpl", d);
	return status == 200 ? 404 : status;
}

/* GET /admin/users/{id}/header: 200, 404 for an unknown user, 503 while the database is away. */
static int header(struct ctx *c)
{
	struct user u;
	const char *tabs[9];
	char joined[128] = "";
	size_t ntabs;
	struct tmpl_dict *d;
	bool analytics = false;
	int status, rc;

	if ((status = tab_user(c, F_ID, TAB_DELETED_OK, USERS_FLAGS, &u)) != 0)
		return status == 404 && !c->req->accept_json ? header_missing(c) : status;
	/* held licences offer the tab; without, only the user's own cases can (analytics.h) */
	analytics = !u.deleted_at[0] && u.licences_held;
	if (!u.deleted_at[0] && !analytics && u.has_cases &&
	    (rc = analytics_offered(c->db, u.id, &analytics)) < 0)
		return app_db_fail(c, rc);
	ntabs = user_tabs(&u, analytics, tabs);
	if (c->req->accept_json)
		return header_json(c, &u, tabs, ntabs);
	for (size_t i = 0; i < ntabs; i++) {
		if (i)
			strcat(joined, " ");
		strcat(joined, tabs[i]);
	}
	if (!(d = tmpl_dict_new()))
		return app_fail(c, 500, "Out of memory.");
	tmpl_set_int(d, "ID", u.id);
	tmpl_set(d, "USERNAME", u.username);
	tmpl_set(d, "LOGIN", u.login);
	app_time(d, "CREATED_AT", u.created_at);
	tmpl_set(d, "STATUS", u.status);
	tmpl_set(d, "ORIGIN", u.origin);
	tmpl_set(d, "TABS", joined);
	signed_in(c, d);
	tmpl_show(d, "FOUND");
	if (u.deleted_at[0])
		app_time(tmpl_section(d, "DELETED"), "DELETED_AT", u.deleted_at);
	else
		tmpl_show(d, "ACTIONS");
	return app_render(c, "header.tpl", d);
}

/* The fixed billing fields, in the order the User tab shows them. */
static const struct {
	const char *key, *label;
} info_fields[] = {
    {"contract", "Contract"}, {"tariff", "Tariff"}, {"name", "Name"},
    {"phone", "Phone"},	      {"email", "E-mail"},  {"address", "Address"},
};

/* A JSON value as display text: strings as they are, anything else printed. The caller frees
 * *tmp when set. */
static const char *display(const cJSON *v, char **tmp)
{
	*tmp = NULL;
	if (cJSON_IsString(v))
		return v->valuestring;
	if (cJSON_IsNull(v))
		return "";
	*tmp = cJSON_PrintUnformatted(v);
	return *tmp ? *tmp : "";
}

static void fill_info(struct tmpl_dict *d, const cJSON *info)
{
	const cJSON *props, *p;
	char *tmp;

	for (size_t i = 0; i < sizeof info_fields / sizeof info_fields[0]; i++) {
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(info, info_fields[i].key);
		struct tmpl_dict *row = tmpl_section(d, "FIELD");
		tmpl_set(row, "LABEL", info_fields[i].label);
		tmpl_set(row, "VALUE", v ? display(v, &tmp) : "");
		if (v)
			cJSON_free(tmp);
	}
	props = cJSON_GetObjectItemCaseSensitive(info, "properties");
	if (cJSON_IsObject(props) && props->child) {
		struct tmpl_dict *sec = tmpl_section(d, "PROPERTIES");
		cJSON_ArrayForEach(p, props)
		{
			struct tmpl_dict *row = tmpl_section(sec, "PROP");
			tmpl_set(row, "KEY", p->string);
			tmpl_set(row, "VALUE", display(p, &tmp));
			cJSON_free(tmp);
		}
	}
}

/* "location": {"id","csa","address"} or null. */
static bool json_location(cJSON *o, const struct user *u)
{
	cJSON *l;

	if (!u->location_id)
		return cJSON_AddNullToObject(o, "location") != NULL;
	return (l = cJSON_AddObjectToObject(o, "location")) &&
	       cJSON_AddNumberToObject(l, "id", (double)u->location_id) &&
	       cJSON_AddStringToObject(l, "csa", u->location_csa) &&
	       cJSON_AddStringToObject(l, "address", u->location_address);
}

static int user_tab_json(struct ctx *c, const struct user *u, cJSON *info)
{
	cJSON *o = cJSON_CreateObject();

	if (!o || !cJSON_AddNumberToObject(o, "id", (double)u->id) ||
	    !cJSON_AddStringToObject(o, "origin", u->origin) ||
	    !cJSON_AddStringToObject(o, "status", u->status) ||
	    !(u->billing_id[0] ? cJSON_AddStringToObject(o, "billing_id", u->billing_id)
			       : cJSON_AddNullToObject(o, "billing_id")) ||
	    !(u->parent_id ? cJSON_AddNumberToObject(o, "parent_id", (double)u->parent_id)
			   : cJSON_AddNullToObject(o, "parent_id")) ||
	    !app_json_time(o, "created_at", u->created_at) ||
	    !app_json_time(o, "expires_at", u->expires_at) || !json_location(o, u)) {
		cJSON_Delete(o);
		cJSON_Delete(info);
		return app_fail(c, 500, "Out of memory.");
	}
	cJSON_AddItemToObject(o, "info", info ? info : cJSON_CreateNull());
	return app_json(c, o);
}

/* GET /admin/users/{id}/user: the User tab. 200, 404, 503. */
static int user_tab(struct ctx *c)
{
	struct buf text;
	struct user u = {.info = &text};
	cJSON *info = NULL;
	struct tmpl_dict *d;
	int status;

	buf_init(&text);
	if ((status = tab_user(c, F_ID, TAB_DELETED_OK, USERS_INFO, &u)) != 0)
		goto out;
	if (text.len)
		info = cJSON_ParseWithLength(text.data, text.len);
	if (c->req->accept_json) {
		status = user_tab_json(c, &u, info);
		info = NULL; /* owned by the answer now */
		goto out;
	}
	if (!(d = tmpl_dict_new())) {
		status = app_fail(c, 500, "Out of memory.");
		goto out;
	}
	tmpl_set_int(d, "ID", u.id);
	tmpl_set(d, "BILLING_ID", u.billing_id);
	tmpl_set(d, "STATUS", u.status);
	tmpl_set(d, "ORIGIN", u.origin);
	app_time(d, "CREATED_AT", u.created_at);
	/* what the user is: billing's, a sub-user of its parent, or an administrator's */
	tmpl_show(d, !strcmp(u.origin, "billing") ? "BILLING" : u.parent_id ? "SUBUSER" : "ADMIN");
	tmpl_set(d, "KIND_WORD",
		 !strcmp(u.origin, "billing") ? "Created via billing"
		 : u.parent_id		      ? "Sub-user"
					      : "Created by an administrator");
	if (u.parent_id) {
		tmpl_set_int(d, "PARENT_ID", u.parent_id);
		tmpl_set(d, "PARENT_LOGIN", u.parent_login);
		tmpl_set(d, "PARENT_NAME", u.parent_name);
	}
	if (u.expires_at[0])
		app_time(tmpl_section(d, "EXPIRES"), "EXPIRES_AT", u.expires_at);
	else
		tmpl_show(d, "NO_EXPIRY");
	if (u.location_id) {
		struct tmpl_dict *l = tmpl_section(d, "LOCATION");
		tmpl_set(l, "ADDRESS", u.location_address);
		tmpl_set(l, "CSA", u.location_csa);
	} else {
		tmpl_show(d, "NO_LOCATION");
	}
	if (cJSON_IsObject(info))
		fill_info(tmpl_section(d, "INFO"), info);
	else if (!strcmp(u.origin, "billing"))
		tmpl_show(d, "NO_INFO");
	status = app_render(c, "user_tab.tpl", d);
out:
	cJSON_Delete(info);
	buf_free(&text);
	return status;
}

static const struct app_route routes[] = {
    {"GET", "/admin/users/{id}/header", header, ROLE_ADMIN, KIND_FRAGMENT, id_field, 1},
    {"GET", "/admin/users/{id}/user", user_tab, ROLE_ADMIN, KIND_FRAGMENT, id_field, 1},
};

static const struct app app = {
    .name = "user",
    .summary = "The profile header and the User tab (billing data, read-only).",
    .routes = routes,
    .nroutes = sizeof routes / sizeof routes[0],
};

int main(int argc, char **argv)
{
	return app_main(&app, argc, argv);
}
