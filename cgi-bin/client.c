/* client.c — the subscriber's web client (/app/): sign-in with the password billing sent, My
 * cameras (with the actions the user's permissions allow, all blocked while billing has the user
 * paused), My intercoms, My sub-users; and Log in as User (POST /admin/users/{id}/login-as),
 * the administrator's door into it. The rule it keeps: a web-client session is the user's own
 * (cookie vms_app, Path=/app, which no /admin/ route reads, as no /app/ route reads the admin's);
 * one opened by an administrator says so on every page, ends with that admin's session, and
 * shows cameras through that admin's scope. Read-only apart from its sessions. */
#include <cjson/cJSON.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "client.h"
#include "list.h"
#include "tab.h"
#include "usersession.h"

#define CAM(m) offsetof(struct client_camera_row, cam.m)
#define CROW(m) offsetof(struct client_camera_row, m)
#define IC(m) offsetof(struct client_intercom_row, ic.m)
#define IROW(m) offsetof(struct client_intercom_row, m)
#define SUB(m) offsetof(struct client_subuser_row, m)

static const char *const by_id[] = {"id", NULL};
static const char *const ended_choices[] = {"1", NULL};

/* Sign-in: the page's input, and the form's. */
enum { F_ENDED, F_LOGIN, F_PASSWORD, NLOGIN };
static const struct req_field login_page_fields[] = {
    [F_ENDED] = {.name = "ended", .src = REQ_QUERY, .check = req_enum, .choices = ended_choices},
};
static const struct req_field login_fields[NLOGIN] = {
    [F_ENDED] = {.name = "ended", .src = REQ_QUERY, .check = req_enum, .choices = ended_choices},
    USERSESSION_LOGIN_INPUTS(F_LOGIN, F_PASSWORD),
};

/* The Log in as User link: its user and token (the token's shape is usersession's check, so a
 * malformed one gets the same 401 page as a spent one). */
enum { L_USER, L_TOKEN, NLINK };
static const struct req_field link_fields[NLINK] = {USERSESSION_LINK_INPUTS(L_USER, L_TOKEN)};

/* The lists. */
static const struct req_field cameras_fields[LIST_NFIELDS] = {LIST_INPUTS(cameras_sort_names)};
static const struct req_field by_id_fields[LIST_NFIELDS] = {LIST_INPUTS(by_id)};

/* POST /admin/users/{id}/login-as */
enum { A_ID };
static const struct req_field login_as_fields[] = {
    [A_ID] = {.name = "id", .src = REQ_PATH, .check = req_id, .required = true},
};

static const struct list_col camera_columns[] = {
    LIST_COL("id", NULL, LIST_INT, CAM(id)),
    LIST_COL("name", "Name", LIST_TEXT, CAM(name)),
    LIST_COL("status", "Status", LIST_ENUM, CAM(status), .names = cameras_status_names,
	     .words = cameras_status_words),
    LIST_COL("location", "Location", LIST_TEXT, CAM(address), .nullable = true),
    LIST_COL("blocked", NULL, LIST_BOOL, CROW(blocked)),
    LIST_COL("actions", "Actions", LIST_STRS, CROW(actions)),
};

static const struct list_col intercom_columns[] = {
    LIST_COL("id", NULL, LIST_INT, IC(id)),
    LIST_COL("name", "Intercom", LIST_TEXT, IC(name)),
    LIST_COL("address", "Address", LIST_TEXT, IC(address)),
    LIST_COL("entrance", "Entrance", LIST_TEXT, IC(department)),
    LIST_COL("apartment_id", NULL, LIST_INT, IC(apartment_id)),
    LIST_COL("apartment", "Apartment", LIST_TEXT, IC(apartment)),
    LIST_COL("keys", "Keys", LIST_STRS, IC(keys)),
    LIST_COL("actions", "Actions", LIST_STRS, IROW(actions)),
};

static const struct list_col subuser_columns[] = {
    LIST_COL("id", "ID", LIST_INT, SUB(id)),
    LIST_COL("username", "Name", LIST_TEXT, SUB(username)),
    LIST_COL("login", "Login", LIST_TEXT, SUB(login)),
    LIST_COL("created_at", "Created at", LIST_TIME, SUB(created_at)),
};

/* Pages of our own ------------------------------------------------------------------------ */

/* A page with a heading and one sentence, answered with status (HTML; JSON gets the loop's
 * error answer for an error status). Returns the status, or 500. */
static int message_page(struct ctx *c, int status, const char *heading, const char *text)
{
	struct app_page page;
	int rc;

	if (c->req->accept_json)
		return app_fail(c, status, "%s", text);
	if (app_page_begin(c, &page, heading, "app_message.tpl") < 0)
		return app_fail(c, 500, "Out of memory.");
	tmpl_set(page.content, "HEADING", heading);
	tmpl_set(page.content, "TEXT", text);
	rc = app_page_end(c, &page);
	return rc == 200 ? status : rc;
}

/* The sign-in form with a fresh pre-session CSRF token; status is 200, or 401/403 after a
 * refused attempt (message shown). */
static int render_login(struct ctx *c, int status, const char *message)
{
	struct app_page page;
	int rc;

	if (app_page_begin(c, &page, "Sign in", "app_login.tpl") < 0)
		return app_fail(c, 500, "Out of memory.");
	if ((rc = app_signin_csrf(c, USERSESSION_PATH, page.content)) != 0) {
		tmpl_dict_free(page.root);
		return rc;
	}
	tmpl_set(page.content, "LOGIN", req_str_of(c->req, F_LOGIN));
	if (req_val(c->req, F_ENDED)->present)
		tmpl_show(page.content, "ENDED");
	if (message)
		tmpl_set(tmpl_section(page.content, "MESSAGE"), "TEXT", message);
	rc = app_page_end(c, &page);
	return rc == 200 ? status : rc;
}

/* Sign-in and sign-out ---------------------------------------------------------------------- */

/* GET /app/login[?ended=1]: the form (ended=1: after a sign-out, says the session ended). 200. */
static int login_page(struct ctx *c)
{
	return render_login(c, 200, NULL);
}

/* POST /app/login: 303 to My cameras with the session cookie; the form again with 401 for a
 * wrong login or password (unknown, wrong and locked look the same), 403 for a right password
 * of a user who may not be in (a sub-user of a paused user, an expired account). */
static int login(struct ctx *c)
{
	char token[SESSION_TOKEN_LEN + 1];
	const struct usersession_attempt a = {req_str_of(c->req, F_LOGIN),
					      req_str_of(c->req, F_PASSWORD)};
	int rc = usersession_login(c->db, c->conf, &a, token);

	if (rc < 0)
		return app_db_fail(c, rc);
	if (rc == USERSESSION_SUSPENDED)
		return render_login(
		    c, 403,
		    "You cannot sign in while the service of the account you belong "
		    "to is paused. Ask its holder to contact the provider.");
	if (rc == USERSESSION_EXPIRED)
		return render_login(c, 403, "This account has expired.");
	if (rc != USERSESSION_OK)
		return render_login(c, 401, "Wrong login or password.");
	app_cookie_path(c, USERSESSION_PATH, USERSESSION_COOKIE, token,
			(long)c->conf->absolute_minutes * 60, true);
	app_cookie_path(c, USERSESSION_PATH, "vms_csrf", "", 0, true);
	return app_redirect(c, USERSESSION_PATH "/cameras");
}

/* POST /app/logout: ends the session (Sign out, or End session of a Log in as User session);
 * 303 to the sign-in page saying so. */
static int logout(struct ctx *c)
{
	int rc = usersession_logout(c->db, c->usess);

	if (rc < 0)
		return app_db_fail(c, rc);
	app_cookie_path(c, USERSESSION_PATH, USERSESSION_COOKIE, "", 0, true);
	return app_redirect(c, USERSESSION_PATH "/login?ended=1");
}

/* GET /app/: My cameras is the start page. 303. */
static int home(struct ctx *c)
{
	return app_redirect(c, USERSESSION_PATH "/cameras");
}

/* Log in as User ---------------------------------------------------------------------------- */

/* GET /app/impersonate?user=&token=: exchange a Log in as User link for a session and leave
 * for My cameras (303), so the spent link leaves the address bar and the history. A used,
 * expired, unknown or malformed token, or one for another user: 401, a page saying the link
 * expired. 400 when user is missing or not an id. */
static int impersonate(struct ctx *c)
{
	char token[SESSION_TOKEN_LEN + 1];
	long max_age;
	const struct usersession_link l = {.user_id = req_int_of(c->req, L_USER),
					   .remote_addr = c->req->remote_addr,
					   .user_agent = c->req->user_agent};
	int rc = usersession_link_redeem(c->db, c->conf, &l, req_str_of(c->req, L_TOKEN), token,
					 &max_age);

	if (rc < 0)
		return app_db_fail(c, rc);
	if (rc == 0)
		return message_page(c, 401, "This sign-in link has expired",
				    "The link has expired or was already used. Ask for a new one "
				    "from the user's profile in the administrator interface "
				    "(Log in as User).");
	app_cookie_path(c, USERSESSION_PATH, USERSESSION_COOKIE, token, max_age, true);
	return app_redirect(c, USERSESSION_PATH "/cameras");
}

/* {"url": the absolute link} for a script (the base URL is configured, never the Host header). */
static int link_json(struct ctx *c, const char *path)
{
	size_t n = strlen(c->conf->base_url);
	char url[sizeof c->conf->base_url + 256];
	cJSON *o = cJSON_CreateObject();

	while (n > 0 && c->conf->base_url[n - 1] == '/')
		n--;
	snprintf(url, sizeof url, "%.*s%s", (int)n, c->conf->base_url, path);
	if (!o || !cJSON_AddStringToObject(o, "url", url)) {
		cJSON_Delete(o);
		return app_fail(c, 500, "Out of memory.");
	}
	return app_json(c, o);
}

/* POST /admin/users/{id}/login-as (CSRF-checked): a single-use link into the web client as the
 * user, valid 60 s; 303 to it (the header's form opens it in a new tab), or {"url"} for JSON.
 * 404 unknown user; 409 a deleted one; 503 while the database is away. */
static int login_as(struct ctx *c)
{
	char token[SESSION_TOKEN_LEN + 1], path[160];
	struct user u;
	int status, rc;

	if ((status = tab_user(c, A_ID, TAB_DELETED_OK, 0, &u)) != 0)
		return status;
	const struct usersession_link l = {.user_id = u.id,
					   .admin = c->sess,
					   .remote_addr = c->req->remote_addr,
					   .user_agent = c->req->user_agent};
	rc = u.deleted_at[0] ? USERSESSION_GONE : usersession_link_issue(c->db, &l, token);
	if (rc == USERSESSION_GONE)
		return app_fail(
		    c, 409, "User %" PRId64 " was deleted: there is no web client to sign in to.",
		    u.id);
	if (rc < 0)
		return app_db_fail(c, rc);
	snprintf(path, sizeof path, USERSESSION_PATH "/impersonate?user=%" PRId64 "&token=%s", u.id,
		 token);
	return c->req->accept_json ? link_json(c, path) : app_redirect(c, path);
}

/* My cameras -------------------------------------------------------------------------------- */

static int cameras_row_html(struct list *l, struct tmpl_dict *d, const void *row)
{
	(void)l;
	if (!((const struct client_camera_row *)row)->blocked)
		tmpl_show(d, "UNBLOCKED");
	return 0;
}

/* The settings version, and whose scope an administrator sees the cameras through. */
static int cameras_page_html(struct list *l, struct tmpl_dict *d)
{
	const struct ctx *c = l->c;

	tmpl_set_int(d, "VERSION", c->usess->settings_version);
	app_time(d, "SETTINGS_AT", c->usess->settings_at);
	if (c->scope && !c->scope->superadmin)
		tmpl_set(tmpl_section(d, "SCOPED"), "ADMIN", c->scope->login);
	return 0;
}

static int cameras_page_json(struct list *l, cJSON *root)
{
	const struct usersession *us = l->c->usess;
	cJSON *s = cJSON_AddObjectToObject(root, "settings");

	return s && cJSON_AddNumberToObject(s, "version", (double)us->settings_version) &&
		       app_json_time(s, "as_of", us->settings_at) &&
		       cJSON_AddBoolToObject(root, "blocked", us->blocked)
		   ? 0
		   : -1;
}

static const struct list_spec cameras_list_spec = {
    .name = "app.cameras",
    .cols = camera_columns,
    .ncols = sizeof camera_columns / sizeof camera_columns[0],
    .sorts = cameras_sort_names,
    .row_size = sizeof(struct client_camera_row),
    .id_off = CAM(id),
    .query = client_cameras,
    .tpl = "app_cameras.tpl",
    .title = "My cameras",
    .row_html = cameras_row_html,
    .page_html = cameras_page_html,
    .page_json = cameras_page_json,
};

/* GET /app/cameras[?sort=&dir=&limit=&after=|before=]: the user's cameras with the actions its
 * permissions allow; all blocked while billing has the user paused. An administrator's session
 * shows only the cameras in that admin's scope. 200; 400 for a bad input or a cursor of another
 * order; 503 while the database is away. */
static int my_cameras(struct ctx *c)
{
	const struct usersession *us = c->usess;
	struct client_camera_filter f = {
	    .user_id = us->user_id, .allowed = us->allowed, .blocked = us->blocked};
	struct list_args a = {
	    .path = USERSESSION_PATH "/cameras", .filter = &f, .csv_name = "my-cameras.csv"};

	return list_serve(c, &cameras_list_spec, &a);
}

/* My intercoms and My sub-users ---------------------------------------------------------------- */

static const struct list_spec intercoms_list_spec = {
    .name = "app.intercoms",
    .cols = intercom_columns,
    .ncols = sizeof intercom_columns / sizeof intercom_columns[0],
    .sorts = by_id,
    .row_size = sizeof(struct client_intercom_row),
    .id_off = IC(apartment_id),
    .query = client_intercoms,
    .tpl = "app_intercoms.tpl",
    .title = "My intercoms",
};

/* GET /app/intercoms[?limit=&after=|before=]: the apartments the user is linked to, with its
 * keys and the intercom actions its permissions allow. 200; 403 without intercoms-index; 400;
 * 503. */
static int my_intercoms(struct ctx *c)
{
	const struct usersession *us = c->usess;
	struct client_intercom_filter f = {.user_id = us->user_id, .allowed = us->allowed};
	struct list_args a = {
	    .path = USERSESSION_PATH "/intercoms", .filter = &f, .csv_name = "my-intercoms.csv"};

	if (!us->intercoms)
		return app_fail(c, 403, "Your access does not include intercoms.");
	return list_serve(c, &intercoms_list_spec, &a);
}

static const struct list_spec subusers_list_spec = {
    .name = "app.subusers",
    .cols = subuser_columns,
    .ncols = sizeof subuser_columns / sizeof subuser_columns[0],
    .sorts = by_id,
    .row_size = sizeof(struct client_subuser_row),
    .id_off = SUB(id),
    .query = client_subusers,
    .tpl = "app_subusers.tpl",
    .title = "My sub-users",
};

/* GET /app/subusers[?limit=&after=|before=]: the user's sub-users, read-only. 200; 403 without
 * subusers-manage (and for a sub-user); 400; 503. */
static int my_subusers(struct ctx *c)
{
	const struct usersession *us = c->usess;
	struct client_subuser_filter f = {.parent_id = us->user_id};
	struct list_args a = {
	    .path = USERSESSION_PATH "/subusers", .filter = &f, .csv_name = "my-sub-users.csv"};

	if (!us->subusers)
		return app_fail(c, 403, "Your access does not include sub-users.");
	return list_serve(c, &subusers_list_spec, &a);
}

static const struct app_route routes[] = {
    {"GET", "/app/login", login_page, ROLE_PUBLIC, KIND_PAGE, login_page_fields, 1},
    {"POST", "/app/login", login, ROLE_PUBLIC, KIND_PAGE, login_fields, NLOGIN},
    {"POST", "/app/logout", logout, ROLE_USER, KIND_PAGE, NULL, 0},
    {"GET", "/app/impersonate", impersonate, ROLE_PUBLIC, KIND_PAGE, link_fields, NLINK},
    {"GET", "/app/", home, ROLE_USER, KIND_PAGE, NULL, 0},
    {"GET", "/app/cameras", my_cameras, ROLE_USER, KIND_PAGE, cameras_fields, LIST_NFIELDS},
    {"GET", "/app/intercoms", my_intercoms, ROLE_USER, KIND_PAGE, by_id_fields, LIST_NFIELDS},
    {"GET", "/app/subusers", my_subusers, ROLE_USER, KIND_PAGE, by_id_fields, LIST_NFIELDS},
    {"POST", "/admin/users/{id}/login-as", login_as, ROLE_ADMIN, KIND_PAGE, login_as_fields, 1},
};

static const struct app app = {
    .name = "client",
    .summary = "The subscriber's web client (/app/) and Log in as User.",
    .routes = routes,
    .nroutes = sizeof routes / sizeof routes[0],
    .layout = "app_layout.tpl",
};

int main(int argc, char **argv)
{
	return app_main(&app, argc, argv);
}
