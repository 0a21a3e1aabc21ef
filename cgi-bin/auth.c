/* auth.c — sign-in page, sign-in and sign-out for administrators. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app.h"

/* next= must be a path of ours under /admin/, so a sign-in link cannot send anyone away. */
static bool next_ok(struct req *r, const struct req_field *f, const char *s, size_t n,
		    struct req_value *v)
{
	(void)r;
	(void)f;
	(void)v;
	if (n < 7 || n > 512 || strncmp(s, "/admin/", 7) != 0)
		return false;
	for (size_t i = 0; i < n; i++) {
		char ch = s[i];
		if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		      (ch >= '0' && ch <= '9') || ch == '/' || ch == '-' || ch == '_' ||
		      ch == '.' || ch == '?' || ch == '=' || ch == '&'))
			return false;
	}
	return strstr(s, "//") == NULL && strstr(s, "..") == NULL;
}

/* Both routes' inputs, by these indexes (the page has only next). */
enum { F_NEXT, F_LOGIN, F_PASSWORD, NFIELDS };

static const struct req_field login_page_fields[] = {
    [F_NEXT] = {.name = "next", .src = REQ_QUERY, .check = next_ok},
};

static const struct req_field login_fields[NFIELDS] = {
    [F_NEXT] = {.name = "next", .src = REQ_FORM, .check = next_ok},
    [F_LOGIN] = {.name = "login", .src = REQ_FORM, .check = req_text, .required = true, .max = 255},
    [F_PASSWORD] =
	{.name = "password", .src = REQ_FORM, .check = req_text, .required = true, .max = 1024},
};

/* The sign-in form, with a fresh pre-session CSRF token in a cookie and the form.
 * status is 200, or 401 after a failed attempt (message shown); 503 when the server key
 * cannot be read. */
static int render_form(struct ctx *c, int status, const char *message)
{
	struct app_page page;
	int rc;

	if (app_page_begin(c, &page, "Sign in", "login.tpl") < 0)
		return app_fail(c, 500, "Out of memory.");
	if ((rc = app_signin_csrf(c, "/admin", page.content)) != 0) {
		tmpl_dict_free(page.root);
		return rc;
	}
	tmpl_set(page.content, "NEXT", req_str_of(c->req, F_NEXT));
	tmpl_set(page.content, "LOGIN", req_str_of(c->req, F_LOGIN));
	if (message)
		tmpl_set(tmpl_section(page.content, "MESSAGE"), "TEXT", message);
	rc = app_page_end(c, &page);
	return rc == 200 ? status : rc;
}

/* GET /admin/login: the form. */
static int login_page(struct ctx *c)
{
	return render_form(c, 200, NULL);
}

/* POST /admin/login: 303 to next (or the directory) with a session cookie and a new device
 * cookie, or the form again with 401. Unknown login, wrong password and a locked account look
 * the same. A client that failed too often in a row gets 429 with Retry-After. */
static int login(struct ctx *c)
{
	struct session_outcome out;
	struct session s;
	char msg[120];
	const char *next = req_str_of(c->req, F_NEXT);
	const struct session_attempt attempt = {
	    .login = req_str_of(c->req, F_LOGIN),
	    .password = req_str_of(c->req, F_PASSWORD),
	    .remote_addr = c->req->remote_addr,
	    .device = req_cookie(c->req, SESSION_DEVICE_COOKIE),
	};
	int rc = session_login(c->db, c->conf, &attempt, &out, &s);

	if (rc < 0)
		return app_db_fail(c, rc);
	if (rc == SESSION_THROTTLED) {
		app_header(c, "Retry-After", "%lld", (long long)out.retry_after);
		snprintf(msg, sizeof msg,
			 "Too many failed sign-ins. Wait %lld seconds before trying again.",
			 (long long)out.retry_after);
		return render_form(c, 429, msg);
	}
	if (rc == SESSION_REFUSED)
		return render_form(c, 401, "Wrong login or password.");
	app_cookie(c, SESSION_COOKIE, out.token, (long)c->conf->absolute_minutes * 60, true);
	app_cookie(c, SESSION_CSRF_COOKIE, "", 0, true);
	app_cookie(c, SESSION_DEVICE_COOKIE, out.device, SESSION_DEVICE_DAYS * 86400L, true);
	return app_redirect(c, *next ? next : "/admin/users");
}

/* POST /admin/logout: ends the session; 303 to the sign-in page. */
static int logout(struct ctx *c)
{
	int rc = session_logout(c->db, c->sess, c->req->remote_addr);

	if (rc < 0)
		return app_db_fail(c, rc);
	app_cookie(c, SESSION_COOKIE, "", 0, true);
	return app_redirect(c, "/admin/login");
}

static const struct app_route routes[] = {
    {"GET", "/admin/login", login_page, ROLE_PUBLIC, KIND_PAGE, login_page_fields, 1},
    {"POST", "/admin/login", login, ROLE_PUBLIC, KIND_PAGE, login_fields, NFIELDS},
    {"POST", "/admin/logout", logout, ROLE_ADMIN, KIND_PAGE, NULL, 0},
};

static const struct app app = {
    .name = "auth",
    .summary = "Administrator sign-in and sign-out.\n"
	       "  auth --hash-password   reads a password on stdin, prints its Argon2id hash",
    .routes = routes,
    .nroutes = sizeof routes / sizeof routes[0],
};

/* --hash-password: for creating administrators from the shell (cost from the config). */
static int hash_password(void)
{
	const char *path = getenv("VMSADMIN_CONFIG");
	char pw[1025], out[256];
	struct conf conf;
	size_t n;

	if (conf_load(&conf, path) < 0 || session_init(&conf) < 0)
		return 1;
	if (!fgets(pw, sizeof pw, stdin))
		return 1;
	n = strcspn(pw, "\r\n");
	pw[n] = '\0';
	if (n == 0 || session_hash_password(&conf, pw, out, sizeof out) < 0)
		return 1;
	puts(out);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 2 && !strcmp(argv[1], "--hash-password"))
		return hash_password();
	return app_main(&app, argc, argv);
}
