/* app.h — the shared FastCGI program: a main() hands app_main() a description of its routes,
 * inputs and required roles; the loop checks the session and CSRF token, validates inputs,
 * runs the handler, and only then writes status, headers and body. */
#ifndef VMS_APP_H
#define VMS_APP_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "conf.h"
#include "db.h"
#include "req.h"
#include "session.h"
#include "tmpl.h"

struct cJSON;
struct usersession;

enum app_role {
	ROLE_PUBLIC,	 /* no session needed (sign-in page, webhook, health) */
	ROLE_ADMIN,	 /* any signed-in administrator */
	ROLE_SUPERADMIN, /* a superadmin only (403 for others) */
	ROLE_USER,	 /* a subscriber signed in to the web client: its own session cookie
			  * (usersession.h); an administrator's is never accepted, nor theirs on
			  * the other roles */
};

enum app_kind {
	KIND_FRAGMENT, /* HTML fragment for the profile page: 401 when not signed in */
	KIND_PAGE,     /* full page: redirect to sign-in when not signed in */
	KIND_API,      /* JSON only */
};

struct resp {
	const char *content_type; /* a static string */
	struct buf body;
	struct buf headers; /* extra "Name: value\r\n" lines */
	char msg[200];	    /* error message for the default error body */
};

struct ctx {
	struct req *req;
	struct resp *resp;
	struct db *db;
	const struct conf *conf;
	const struct session *sess;	 /* the admin; NULL on public and ROLE_USER routes */
	const struct usersession *usess; /* the web client's user; NULL unless ROLE_USER */
	/* Whose camera scope applies (scope.h): the signed-in admin (sess), the admin behind a web
	 * client session opened with Log in as User, or NULL for a subscriber's own session. */
	const struct session *scope;
	const char *layout; /* the program's page layout template */
	const char *program;
	enum app_kind kind; /* of the route being served (KIND_FRAGMENT before one is found) */
};

/* A handler fills c->resp and returns the HTTP status. On an error status it may leave the
 * body empty: the loop then renders c->resp->msg as the error — {"error","status"} JSON for a
 * KIND_API route or a request that accepts JSON, else a small escaped HTML fragment. */
typedef int (*app_handler)(struct ctx *c);

struct app_route {
	const char *method;  /* "GET" or "POST" (HEAD is served as GET) */
	const char *pattern; /* "/admin/users/{id}/header" */
	app_handler handler;
	enum app_role role;
	enum app_kind kind;
	const struct req_field *fields;
	size_t nfields;
};

/* The body of a program that is not a FastCGI server but a long-running worker (the sync
 * delivery process): it runs in each worker until app_stopping() turns true, or makes one pass
 * and returns under --once; it returns the worker's exit status. */
typedef int (*app_work_fn)(const struct conf *conf, bool once);

struct app {
	const char *name;    /* program name, for logs and --version */
	const char *summary; /* one line for --help */
	const struct app_route *routes;
	size_t nroutes;
	const char *layout; /* full pages' layout template; NULL: "layout.tpl" (the admin side) */
	app_work_fn work;   /* set for a worker program: no socket, no routes */
};

/* Run the program: parse the command line, read the configuration, load templates, open or
 * inherit the listening socket (a worker program has none), fork and supervise the workers —
 * or, for a worker program under --once, run one pass in the foreground. Returns the exit
 * status. */
int app_main(const struct app *app, int argc, char **argv);
/* True once SIGTERM or SIGINT has asked this process to stop. */
bool app_stopping(void);

/* Handler helpers ------------------------------------------------------------------------- */

/* Record an error message for the default error body and return status. */
int app_fail(struct ctx *c, int status, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Map a negative enum db_rc to 503/500 with a message. */
int app_db_fail(struct ctx *c, int rc);
/* Append an extra response header line. */
void app_header(struct ctx *c, const char *name, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Set a cookie on path: SameSite=Strict, HttpOnly when asked, Secure when configured or the
 * request came over TLS (nginx's HTTPS parameter); max_age < 0 omits Max-Age (a
 * browser-session cookie), 0 deletes it. */
void app_cookie_path(struct ctx *c, const char *path, const char *name, const char *value,
		     long max_age, bool http_only);
/* app_cookie_path on /admin, the administrators' side. */
void app_cookie(struct ctx *c, const char *name, const char *value, long max_age, bool http_only);
/* A sign-in form's pre-session CSRF token: a new server-issued one (session_presession_token)
 * into the form's CSRF variable and the vms_csrf cookie on path; the loop checks the form's
 * POST against both (no session exists yet). Returns 0, or the status already recorded (503
 * when the server key cannot be read). */
int app_signin_csrf(struct ctx *c, const char *path, struct tmpl_dict *form);
/* Redirect (303 See Other) to a path on this site. Returns the status. */
int app_redirect(struct ctx *c, const char *path);
/* Expand template name with d into the body as HTML and free d. Returns 200 or 500. */
int app_render(struct ctx *c, const char *name, struct tmpl_dict *d);
/* A full page: the program's layout (title; the signed-in admin and the sign-out form; or the
 * web client's user, its sections and, for Log in as User, the banner naming the admin) around
 * a content template. Fill page->content, then app_page_end renders and frees both. */
struct app_page {
	struct tmpl_dict *root;
	struct tmpl_dict *content;
};
/* Returns 0, or -1 when memory runs out (nothing to free). */
int app_page_begin(struct ctx *c, struct app_page *page, const char *title, const char *content);
/* Returns 200 or 500. */
int app_page_end(struct ctx *c, struct app_page *page);
/* One more step of the page's breadcrumb, shown above its content: label, linking to href (a
 * path of this site), or NULL for the page itself (the last step). */
void app_crumb(struct app_page *page, const char *label, const char *href);
/* A time from the database ("YYYY-MM-DD hh:mm:ss" UTC) for a template: key in the display
 * zone, named ("2026-11-30 06:41:23 MSK"), and key_ISO in ISO 8601 for <time datetime>. */
void app_time(struct tmpl_dict *d, const char *key, const char *utc);
/* The same time as a JSON member: ISO 8601 with its offset, or null when utc is "". Returns
 * false when memory runs out. */
bool app_json_time(struct cJSON *o, const char *key, const char *utc);
/* Print root as the JSON body and delete it. Returns 200 or 500. */
int app_json(struct ctx *c, struct cJSON *root);

#endif
