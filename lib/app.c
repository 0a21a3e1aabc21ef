/* app.c — the FastCGI request loop, dispatch, the worker supervisor and the command line. */
#include "app.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <fcgiapp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "usersession.h"
#include "util.h"

#ifndef VMS_VERSION
#define VMS_VERSION "dev"
#endif

#define MAX_WORKERS 64

/* Templates compiled into each program by the Makefile. */
extern const struct tmpl_file app_templates[];
extern const size_t app_ntemplates;

static volatile sig_atomic_t stopping;

static const char csp[] =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

static const char *status_text(int status)
{
	switch (status) {
	case 200:
		return "OK";
	case 201:
		return "Created";
	case 204:
		return "No Content";
	case 303:
		return "See Other";
	case 400:
		return "Bad Request";
	case 401:
		return "Unauthorized";
	case 403:
		return "Forbidden";
	case 404:
		return "Not Found";
	case 405:
		return "Method Not Allowed";
	case 409:
		return "Conflict";
	case 413:
		return "Payload Too Large";
	case 415:
		return "Unsupported Media Type";
	case 422:
		return "Unprocessable Entity";
	case 429:
		return "Too Many Requests";
	case 503:
		return "Service Unavailable";
	default:
		return status >= 500 ? "Internal Server Error" : "Error";
	}
}

/* Handler helpers ------------------------------------------------------------------------- */

int app_fail(struct ctx *c, int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(c->resp->msg, sizeof c->resp->msg, fmt, ap);
	va_end(ap);
	buf_reset(&c->resp->body);
	return status;
}

int app_db_fail(struct ctx *c, int rc)
{
	if (rc == DB_DOWN)
		return app_fail(c, 503, "The database is unavailable; retrying.");
	if (rc == DB_BUSY)
		return app_fail(c, 503, "The database is busy; try again.");
	return app_fail(c, 500, "Internal error.");
}

void app_header(struct ctx *c, const char *name, const char *fmt, ...)
{
	va_list ap;

	buf_printf(&c->resp->headers, "%s: ", name);
	va_start(ap, fmt);
	buf_vprintf(&c->resp->headers, fmt, ap);
	va_end(ap);
	buf_puts(&c->resp->headers, "\r\n");
}

void app_cookie_path(struct ctx *c, const char *path, const char *name, const char *value,
		     long max_age, bool http_only)
{
	char age[32] = "";

	if (max_age >= 0)
		snprintf(age, sizeof age, "; Max-Age=%ld", max_age);
	app_header(c, "Set-Cookie", "%s=%s; Path=%s%s; SameSite=Strict%s%s", name, value, path, age,
		   http_only ? "; HttpOnly" : "",
		   c->conf->secure_cookies || c->req->https ? "; Secure" : "");
}

void app_cookie(struct ctx *c, const char *name, const char *value, long max_age, bool http_only)
{
	app_cookie_path(c, "/admin", name, value, max_age, http_only);
}

int app_signin_csrf(struct ctx *c, const char *path, struct tmpl_dict *form)
{
	char token[TOKEN_TEXT_MAX];
	int rc = session_presession_token(c->db, token);

	if (rc < 0)
		return app_db_fail(c, rc);
	tmpl_set(form, "CSRF", token);
	app_cookie_path(c, path, SESSION_CSRF_COOKIE, token, -1, true);
	return 0;
}

int app_redirect(struct ctx *c, const char *path)
{
	/* Relative to this site: the Host header is never trusted for absolute URLs. */
	app_header(c, "Location", "%s", path);
	return 303;
}

int app_render(struct ctx *c, const char *name, struct tmpl_dict *d)
{
	int rc;

	if (!d)
		return app_fail(c, 500, "Internal error.");
	rc = tmpl_expand(name, d, &c->resp->body);
	tmpl_dict_free(d);
	if (rc < 0) {
		fprintf(stderr, "%s: template %s failed to expand\n", c->program, name);
		return app_fail(c, 500, "Internal error.");
	}
	c->resp->content_type = "text/html; charset=utf-8";
	return 200;
}

/* The web client's layout: the user, the sections its permissions open, the blocked notice,
 * and for Log in as User the banner naming the administrator. */
static void user_sections(struct tmpl_dict *root, const struct usersession *us)
{
	struct tmpl_dict *who = tmpl_section(root, "USER");

	tmpl_set(who, "LOGIN", us->login);
	tmpl_set(who, "USERNAME", us->username);
	tmpl_set(who, "CSRF", us->csrf);
	if (us->intercoms)
		tmpl_show(who, "NAV_INTERCOMS");
	if (us->subusers)
		tmpl_show(who, "NAV_SUBUSERS");
	if (!us->impersonated) /* that one ends with End session, in the banner */
		tmpl_show(who, "SIGN_OUT");
	if (us->blocked)
		tmpl_show(root, "BLOCKED");
	if (us->impersonated) {
		struct tmpl_dict *b = tmpl_section(root, "IMPERSONATED");
		tmpl_set(b, "LOGIN", us->login);
		tmpl_set(b, "ADMIN", us->admin.login);
		tmpl_set(b, "CSRF", us->csrf);
	}
}

int app_page_begin(struct ctx *c, struct app_page *page, const char *title, const char *content)
{
	page->root = tmpl_dict_new();
	if (!page->root)
		return -1;
	tmpl_set(page->root, "TITLE", title);
	if (c->sess) {
		struct tmpl_dict *who = tmpl_section(page->root, "SIGNED_IN");
		tmpl_set(who, "ADMIN", c->sess->login);
		tmpl_set(who, "CSRF", c->sess->csrf);
		if (c->sess->superadmin)
			tmpl_show(who, "SUPERADMIN");
	}
	if (c->usess)
		user_sections(page->root, c->usess);
	page->content = tmpl_include(page->root, "CONTENT", content);
	return 0;
}

void app_crumb(struct app_page *page, const char *label, const char *href)
{
	struct tmpl_dict *step = tmpl_section(page->root, "CRUMB");

	tmpl_show(page->root, "CRUMBS");
	if (href)
		tmpl_set(tmpl_section(step, "LINK"), "HREF", href);
	else
		tmpl_show(step, "HERE");
	tmpl_set(step, "LABEL", label);
}

int app_page_end(struct ctx *c, struct app_page *page)
{
	int status = app_render(c, c->layout, page->root);

	page->root = page->content = NULL;
	return status;
}

void app_time(struct tmpl_dict *d, const char *key, const char *utc)
{
	char when[TIME_DISPLAY_MAX], name[64];

	time_display(utc, when);
	tmpl_set(d, key, when);
	snprintf(name, sizeof name, "%s_ISO", key);
	time_iso(utc, when);
	tmpl_set(d, name, when);
}

bool app_json_time(cJSON *o, const char *key, const char *utc)
{
	char iso[TIME_ISO_MAX];

	time_iso(utc, iso);
	return *iso ? cJSON_AddStringToObject(o, key, iso) != NULL
		    : cJSON_AddNullToObject(o, key) != NULL;
}

int app_json(struct ctx *c, cJSON *root)
{
	char *s;

	if (!root)
		return app_fail(c, 500, "Internal error.");
	s = cJSON_PrintUnformatted(root);
	cJSON_Delete(root);
	if (!s || buf_puts(&c->resp->body, s) < 0) {
		cJSON_free(s);
		return app_fail(c, 500, "Internal error.");
	}
	cJSON_free(s);
	c->resp->content_type = "application/json";
	return 200;
}

/* A full page's error in the same frame as every page (layout, top bar, Sign out): the message,
 * a way back, and for 503 a page that tries again by itself, with a growing pause
 * (static/retry.js). Returns 200 when rendered (the caller keeps its status). */
static int error_page(struct ctx *c, int status, const char *msg)
{
	struct app_page page;
	char title[40];

	snprintf(title, sizeof title, "%d %s", status, status_text(status));
	if (app_page_begin(c, &page, title, "error.tpl") < 0)
		return 500;
	tmpl_show(page.content, "PAGE");
	tmpl_set(page.content, "TITLE", title);
	tmpl_set(page.content, "MESSAGE", msg);
	tmpl_set_int(page.content, "STATUS", status);
	if (strcmp(c->layout, "layout.tpl") != 0) { /* the web client's frame */
		tmpl_set(page.content, "HOME", "/app/");
		tmpl_set(page.content, "HOME_LABEL", "Back to my cameras");
	} else {
		tmpl_set(page.content, "HOME", "/admin/users");
		tmpl_set(page.content, "HOME_LABEL", "Back to the users");
	}
	if (status == 503) {
		tmpl_show(page.content, "RETRY");
		tmpl_show(page.root, "RETRY_SCRIPT");
	}
	return app_page_end(c, &page);
}

/* The one error answer: JSON for an API route or a script; for a full page the page's frame
 * around the message; else a small escaped HTML fragment (the profile page shows it). */
static void error_body(struct ctx *c, int status)
{
	struct resp *r = c->resp;
	const char *msg = r->msg[0] ? r->msg : status_text(status);
	struct tmpl_dict *d;

	buf_reset(&r->body);
	if (c->kind == KIND_API || c->req->accept_json) {
		cJSON *o = cJSON_CreateObject();
		if (o && (!cJSON_AddStringToObject(o, "error", msg) ||
			  !cJSON_AddNumberToObject(o, "status", status))) {
			cJSON_Delete(o);
			o = NULL;
		}
		if (app_json(c, o) == 200) /* app_json deletes o */
			return;
	} else if (c->kind == KIND_PAGE) {
		if (error_page(c, status, msg) == 200)
			return;
	} else if ((d = tmpl_dict_new())) {
		tmpl_show(d, "FRAGMENT");
		tmpl_set(d, "MESSAGE", msg);
		tmpl_set_int(d, "STATUS", status);
		if (app_render(c, "error.tpl", d) == 200)
			return;
	}
	buf_reset(&r->body);
	r->content_type = NULL; /* text/plain, empty */
}

/* The request loop ------------------------------------------------------------------------ */

struct worker {
	const struct app *app;
	const struct conf *conf;
	struct db db;
	struct req req;
	struct resp resp;
	struct session sess;
	struct usersession usess;
	bool provisional; /* sess came from this worker's cache: a guarded statement of the answer
			   * or a full check must confirm it (confirmed) */
	bool uncached;	  /* the second pass of again(): the session checked in full */
};

static const char *param(FCGX_Request *rq, const char *name)
{
	return FCGX_GetParam(name, rq->envp);
}

/* Copy the CGI parameters we use into the request (FCGX pointers die at the next accept). */
static int read_request(struct worker *w, FCGX_Request *rq, struct ctx *c)
{
	struct req *r = &w->req;
	const char *method = param(rq, "REQUEST_METHOD");
	const char *uri = param(rq, "REQUEST_URI");
	const char *v;
	size_t plen;

	if (!method || strlen(method) >= sizeof r->method || !uri || uri[0] != '/')
		return app_fail(c, 400, "Malformed request.");
	strcpy(r->method, method);
	plen = strcspn(uri, "?");
	if (plen > REQ_MAX_PATH)
		return app_fail(c, 400, "Path too long.");
	r->path = arena_strndup(&r->arena, uri, plen);
	v = uri[plen] == '?' ? uri + plen + 1 : "";
	if (strlen(v) > REQ_MAX_QUERY)
		return app_fail(c, 400, "Query string too long.");
	r->query = arena_strndup(&r->arena, v, strlen(v));
#define COPY(field, name)                                                                          \
	do {                                                                                       \
		const char *x = param(rq, name);                                                   \
		r->field = x ? arena_strndup(&r->arena, x, strlen(x)) : NULL;                      \
	} while (0)
	COPY(remote_addr, "REMOTE_ADDR");
	COPY(user_agent, "HTTP_USER_AGENT");
	COPY(content_type, "CONTENT_TYPE");
	COPY(cookie, "HTTP_COOKIE");
	COPY(csrf_header, "HTTP_X_CSRF_TOKEN");
	COPY(signature, "HTTP_X_BILLING_SIGNATURE");
#undef COPY
	v = param(rq, "HTTP_ACCEPT");
	r->accept_json = v && strstr(v, "application/json");
	v = param(rq, "HTTPS");
	r->https = v && !strcmp(v, "on");
	if (!r->path || !r->query)
		return app_fail(c, 500, "Out of memory.");
	return 0;
}

/* Read the body: CONTENT_LENGTH range-checked and capped (413), then exactly that many bytes. */
static int read_body(struct worker *w, FCGX_Request *rq, struct ctx *c)
{
	const char *cl = param(rq, "CONTENT_LENGTH");
	int64_t n;

	if (!cl || !*cl)
		return 0;
	if (parse_i64(cl, strlen(cl), 0, INT64_MAX, &n) < 0)
		return app_fail(c, 400, "Bad Content-Length.");
	if ((uint64_t)n > w->conf->max_body)
		return app_fail(c, 413, "Request body too large (limit %zu bytes).",
				w->conf->max_body);
	if (buf_reserve(&w->req.body, (size_t)n) < 0)
		return app_fail(c, 500, "Out of memory.");
	while (w->req.body.len < (size_t)n) {
		int got = FCGX_GetStr(w->req.body.data + w->req.body.len,
				      (int)((size_t)n - w->req.body.len), rq->in);
		if (got <= 0)
			return app_fail(c, 400, "Request body shorter than Content-Length.");
		w->req.body.len += (size_t)got;
	}
	w->req.body.data[w->req.body.len] = '\0';
	return 0;
}

static bool is_form(const char *ct)
{
	return ct && !strncmp(ct, "application/x-www-form-urlencoded", 33);
}

static bool is_json(const char *ct)
{
	return ct && !strncmp(ct, "application/json", 16);
}

/* A route that declares form inputs takes them from a form or from a JSON object body. */
static bool takes_form(const struct app_route *rt)
{
	for (size_t i = 0; i < rt->nfields; i++)
		if (rt->fields[i].src == REQ_FORM)
			return true;
	return false;
}

/* Find the route; 404 when no pattern matches, 405 when only the method differs. */
static const struct app_route *route_find(struct worker *w, struct ctx *c, int *status)
{
	const char *m = !strcmp(w->req.method, "HEAD") ? "GET" : w->req.method;
	bool path_seen = false;

	for (size_t i = 0; i < w->app->nroutes; i++) {
		const struct app_route *rt = &w->app->routes[i];
		if (!req_match(&w->req, rt->pattern, w->req.path))
			continue;
		if (!strcmp(rt->method, m))
			return rt;
		path_seen = true;
	}
	*status =
	    path_seen ? app_fail(c, 405, "Method not allowed.") : app_fail(c, 404, "Not found.");
	return NULL;
}

/* The admin's session. A GET (which changes nothing; one without a body, so that it can be
 * answered again) of a session this worker checked in full lately is answered on its cached
 * session, provisionally: the answer's guarded statements confirm it, or serve checks it in
 * full afterwards. Anything else is checked in full now. */
static int check_session(struct worker *w, struct ctx *c, const struct app_route *rt)
{
	const char *token = req_cookie(&w->req, SESSION_COOKIE);
	bool get = (!strcmp(w->req.method, "GET") || !strcmp(w->req.method, "HEAD")) &&
		   w->req.body.len == 0;
	int rc;

	if (get && !w->uncached && session_cached(token, &w->sess)) {
		w->provisional = true;
		w->sess.guard_seconds = SESSION_GUARD_SECONDS;
		rc = 1;
	} else {
		rc = session_check(&w->db, w->conf, token, &w->sess);
		w->sess.guard_seconds = w->conf->idle_minutes * 60;
	}
	if (rc < 0)
		return app_db_fail(c, rc);
	if (rc == 0) {
		if (rt->kind == KIND_PAGE && !strcmp(w->req.method, "GET")) {
			char loc[REQ_MAX_PATH + 64];
			/* only our own path goes into next=, and it was matched by a route pattern
			 */
			snprintf(loc, sizeof loc, "/admin/login?next=%s", w->req.path);
			return app_redirect(c, loc);
		}
		return app_fail(c, 401, "Your session has expired. Sign in again.");
	}
	c->sess = c->scope = &w->sess;
	if (rt->role == ROLE_SUPERADMIN && !w->sess.superadmin)
		return app_fail(c, 403, "This needs a superadmin.");
	return 0;
}

/* A web-client route: only the web client's own cookie counts (never vms_session). Without a
 * live session a page asked for with GET goes to its sign-in page, anything else is 401. */
static int check_usersession(struct worker *w, struct ctx *c, const struct app_route *rt)
{
	const char *token = req_cookie(&w->req, USERSESSION_COOKIE);
	int rc = usersession_check(&w->db, w->conf, token, &w->usess);

	if (rc < 0)
		return app_db_fail(c, rc);
	if (rc == 0) {
		if (rt->kind == KIND_PAGE && !strcmp(w->req.method, "GET"))
			return app_redirect(c, USERSESSION_PATH "/login");
		return app_fail(c, 401, "Your session has ended. Sign in again.");
	}
	c->usess = &w->usess;
	c->scope = w->usess.impersonated ? &w->usess.admin : NULL;
	return 0;
}

/* Every state-changing request carries its session's CSRF token — the admin's, or on the web
 * client the user's — in the X-CSRF-Token header or the form body's csrf field, never the query
 * string, which ends up in logs, history and Referer headers. Before sign-in, the form's token
 * must be one the server issued (unexpired, app_signin_csrf) and match the pre-session cookie.
 * 403 otherwise; 503 when the server key cannot be read. */
static int check_csrf(struct worker *w, struct ctx *c)
{
	const char *sent = w->req.csrf_header ? w->req.csrf_header : req_form_pair(&w->req, "csrf");
	int ok;

	if (c->sess)
		ok = sent && session_token_eq(sent, c->sess->csrf);
	else if (c->usess)
		ok = sent && session_token_eq(sent, c->usess->csrf);
	else if ((ok = session_presession_check(&w->db, sent,
						req_cookie(&w->req, SESSION_CSRF_COOKIE))) < 0)
		return app_db_fail(c, ok);
	if (!ok)
		return app_fail(c, 403,
				"Missing or wrong CSRF token. Reload the page and try again.");
	return 0;
}

static int health(struct worker *w, struct ctx *c)
{
	int rc = db_ping(&w->db);
	cJSON *o = cJSON_CreateObject();

	cJSON_AddStringToObject(o, "program", w->app->name);
	cJSON_AddStringToObject(o, "database", rc == DB_OK ? "up" : "down");
	app_json(c, o);
	return rc == DB_OK ? 200 : 503;
}

static int dispatch(struct worker *w, FCGX_Request *rq, struct ctx *c)
{
	const struct app_route *rt;
	int status = 0;
	bool changes_state;

	if ((status = read_request(w, rq, c)) != 0)
		return status;
	if (!strcmp(w->req.path, "/healthz") && !strcmp(w->req.method, "GET"))
		return health(w, c);
	if (!(rt = route_find(w, c, &status)))
		return status;
	c->kind = rt->kind;
	if ((status = read_body(w, rq, c)) != 0)
		return status;
	if (req_parse_pairs(&w->req, w->req.query, strlen(w->req.query)) < 0)
		return app_fail(c, 400, "%s", w->req.err);
	w->req.nquery = w->req.npairs;
	changes_state = strcmp(rt->method, "GET") != 0;
	if (changes_state && is_form(w->req.content_type) &&
	    req_parse_pairs(&w->req, w->req.body.data ? w->req.body.data : "", w->req.body.len) < 0)
		return app_fail(c, 400, "%s", w->req.err);
	if (rt->role == ROLE_USER)
		status = check_usersession(w, c, rt);
	else if (rt->role != ROLE_PUBLIC)
		status = check_session(w, c, rt);
	if (status != 0)
		return status;
	if (changes_state && rt->kind != KIND_API && (status = check_csrf(w, c)) != 0)
		return status;
	if (changes_state && is_json(w->req.content_type) && takes_form(rt) &&
	    req_parse_json(&w->req, w->req.body.data ? w->req.body.data : "", w->req.body.len) < 0)
		return app_fail(c, 400, "%s", w->req.err);
	if (req_validate(&w->req, rt->fields, rt->nfields) < 0)
		return app_fail(c, 400, "%s", w->req.err);
	return rt->handler(c);
}

static void write_response(struct worker *w, FCGX_Request *rq, int status)
{
	struct resp *r = &w->resp;

	FCGX_FPrintF(rq->out, "Status: %d %s\r\n", status, status_text(status));
	FCGX_FPrintF(rq->out, "Content-Type: %s\r\n",
		     r->content_type ? r->content_type : "text/plain; charset=utf-8");
	/* libfcgi's printf knows no %zu */
	FCGX_FPrintF(rq->out, "Content-Length: %lu\r\n", (unsigned long)r->body.len);
	FCGX_FPrintF(rq->out, "Content-Security-Policy: %s\r\n", csp);
	FCGX_PutS("X-Content-Type-Options: nosniff\r\n"
		  "X-Frame-Options: DENY\r\n"
		  "Referrer-Policy: same-origin\r\n",
		  rq->out);
	/* every answer of ours is per-request and most are behind sign-in: none may be stored */
	FCGX_PutS("Cache-Control: no-store\r\n", rq->out);
	if (r->headers.len)
		FCGX_PutStr(r->headers.data, (int)r->headers.len, rq->out);
	FCGX_PutS("\r\n", rq->out);
	if (strcmp(w->req.method, "HEAD") != 0 && r->body.len)
		FCGX_PutStr(r->body.data, (int)r->body.len, rq->out);
}

static void log_request(struct worker *w, int status, int64_t started)
{
	char when[32];
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
	fprintf(stderr, "%s %s %s %s %d %.1fms admin=%s pwhash=%d\n", when, w->app->name,
		w->req.method[0] ? w->req.method : "-", w->req.path ? w->req.path : "-", status,
		(double)(now_usec() - started) / 1000.0, w->sess.login[0] ? w->sess.login : "-",
		session_pwhash_take());
}

static void resp_reset(struct resp *r);

static struct ctx ctx_of(struct worker *w)
{
	return (struct ctx){.req = &w->req,
			    .resp = &w->resp,
			    .db = &w->db,
			    .conf = w->conf,
			    .program = w->app->name,
			    .layout = w->app->layout ? w->app->layout : "layout.tpl"};
}

/* Whether the cached session an answer was made under still holds, checked in full: live, the
 * same admin and role, and used lately (had its idle timer needed a refresh, the guard may
 * have hidden rows from the answer). */
static bool confirmed(struct worker *w)
{
	struct session now;
	int rc = session_check(&w->db, w->conf, req_cookie(&w->req, SESSION_COOKIE), &now);

	return rc == 1 && !now.touched && now.id == w->sess.id &&
	       now.admin_id == w->sess.admin_id && now.superadmin == w->sess.superadmin &&
	       !strcmp(now.login, w->sess.login);
}

/* Answer the request again from the start, the session checked in full: what a worker that
 * never saw the session would have answered (401, a redirect to sign-in, or the page). Only a
 * GET comes here, so its body was never read. */
static int again(struct worker *w, FCGX_Request *rq, struct ctx *c)
{
	int status;

	req_reset(&w->req);
	resp_reset(&w->resp);
	memset(&w->sess, 0, sizeof w->sess);
	*c = ctx_of(w);
	w->provisional = false;
	w->uncached = true;
	status = dispatch(w, rq, c);
	w->uncached = false;
	return status;
}

static void serve(struct worker *w, FCGX_Request *rq)
{
	int64_t started = now_usec();
	struct ctx c = ctx_of(w);
	int status;

	session_pwhash_take(); /* count this request's Argon2id runs only */
	w->db.guard_rows = 0;
	w->provisional = false;
	db_request(&w->db); /* on a cluster: see what the client's last request wrote */
	status = dispatch(w, rq, &c);
	if (w->provisional && w->db.guard_rows == 0 && !confirmed(w))
		status = again(w, rq, &c);
	if (status >= 400 && w->resp.body.len == 0)
		error_body(&c, status);
	if (w->db.in_tx) /* a handler that forgot: never leave a transaction open */
		db_rollback(&w->db);
	write_response(w, rq, status);
	log_request(w, status, started);
}

static void resp_init(struct resp *r)
{
	memset(r, 0, sizeof *r);
	buf_init(&r->body);
	buf_init(&r->headers);
}

static void resp_reset(struct resp *r)
{
	buf_reset(&r->body);
	buf_reset(&r->headers);
	if (r->body.cap > 1024 * 1024)
		buf_free(&r->body);
	r->content_type = NULL;
	r->msg[0] = '\0';
}

static void on_stop(int sig)
{
	(void)sig;
	stopping = 1;
	FCGX_ShutdownPending();
}

/* Install a handler without SA_RESTART, so a blocked accept() returns and the loop ends. */
static void handle_signal(int sig, void (*fn)(int))
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = fn;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = 0;
	sigaction(sig, &sa, NULL);
}

/* True when the program has a sign-in form: a public, state-changing route that is not an API,
 * whose CSRF token is a pre-session token under the server key. */
static bool has_presession_form(const struct app *app)
{
	for (size_t i = 0; i < app->nroutes; i++)
		if (app->routes[i].role == ROLE_PUBLIC && app->routes[i].kind != KIND_API &&
		    strcmp(app->routes[i].method, "GET") != 0)
			return true;
	return false;
}

/* One worker: its own database connection, then the accept loop until SIGTERM. */
static int worker_run(const struct app *app, const struct conf *conf, int fd)
{
	struct worker w = {.app = app, .conf = conf};
	sigset_t stop_signals;
	FCGX_Request rq;

	prctl(PR_SET_PDEATHSIG, SIGTERM);
	handle_signal(SIGTERM, on_stop);
	handle_signal(SIGINT, on_stop);
	signal(SIGPIPE, SIG_IGN);
	time_zone_use(conf->time_zone);
	if (session_init(conf) < 0) {
		fprintf(stderr, "%s: cannot initialise libsodium\n", app->name);
		return 1;
	}
	db_init(&w.db, conf);
	/* read the server key now, so the sign-in form still shows during a later database
	 * outage; when the database is away now, the first request that needs it reads it */
	if (has_presession_form(app))
		token_key_load(&w.db);
	req_init(&w.req);
	resp_init(&w.resp);
	if (FCGX_InitRequest(&rq, fd, FCGI_FAIL_ACCEPT_ON_INTR) != 0)
		return 1;
	sigemptyset(&stop_signals);
	sigaddset(&stop_signals, SIGTERM);
	sigaddset(&stop_signals, SIGINT);
	while (!stopping && FCGX_Accept_r(&rq) >= 0) {
		/* A stop arriving now waits until this request is answered: unblocked, it would
		 * interrupt the database or socket call in flight. */
		sigprocmask(SIG_BLOCK, &stop_signals, NULL);
		serve(&w, &rq);
		FCGX_Finish_r(&rq);
		req_reset(&w.req);
		resp_reset(&w.resp);
		memset(&w.sess, 0, sizeof w.sess);
		memset(&w.usess, 0, sizeof w.usess);
		sigprocmask(SIG_UNBLOCK, &stop_signals, NULL); /* a pending stop is taken here */
	}
	FCGX_Free(&rq, 1);
	req_free(&w.req);
	buf_free(&w.resp.body);
	buf_free(&w.resp.headers);
	db_close(&w.db);
	return 0;
}

bool app_stopping(void)
{
	return stopping != 0;
}

/* One worker of a worker program: the same signals as a FastCGI worker, then its body. */
static int work_run(const struct app *app, const struct conf *conf, bool once)
{
	if (!once)
		prctl(PR_SET_PDEATHSIG, SIGTERM);
	handle_signal(SIGTERM, on_stop);
	handle_signal(SIGINT, on_stop);
	signal(SIGPIPE, SIG_IGN);
	return app->work(conf, once);
}

/* Supervisor ------------------------------------------------------------------------------- */

static pid_t spawn(const struct app *app, const struct conf *conf, int fd)
{
	pid_t pid = fork();

	if (pid == 0) {
		int rc = app->work ? work_run(app, conf, false) : worker_run(app, conf, fd);
		db_library_end();
		exit(rc);
	}
	return pid;
}

/* Stop the workers: SIGTERM, repeated every second (one that took it just before entering
 * accept() would otherwise sleep on), SIGKILL for any still there after 30 s; reap them all. */
static void stop_workers(pid_t *pids, int n)
{
	int left = 0;

	for (int i = 0; i < n; i++)
		left += pids[i] > 0;
	for (int tick = 0; left > 0 && tick < 300; tick++) {
		pid_t dead;
		if (tick % 10 == 0)
			for (int i = 0; i < n; i++)
				if (pids[i] > 0)
					kill(pids[i], SIGTERM);
		while ((dead = waitpid(-1, NULL, WNOHANG)) > 0)
			for (int i = 0; i < n; i++)
				if (pids[i] == dead) {
					pids[i] = 0;
					left--;
				}
		if (left > 0)
			usleep(100 * 1000);
	}
	for (int i = 0; i < n; i++)
		if (pids[i] > 0)
			kill(pids[i], SIGKILL);
	while (waitpid(-1, NULL, 0) > 0 || errno == EINTR)
		;
}

/* Fork n workers and restart any that dies until SIGTERM/SIGINT; then stop them and wait. */
static int supervise(const struct app *app, const struct conf *conf, int fd, int n)
{
	pid_t pids[MAX_WORKERS];
	time_t born[MAX_WORKERS];

	handle_signal(SIGTERM, on_stop);
	handle_signal(SIGINT, on_stop);
	for (int i = 0; i < n; i++) {
		pids[i] = spawn(app, conf, fd);
		born[i] = time(NULL);
	}
	while (!stopping) {
		int st;
		pid_t dead = waitpid(-1, &st, 0);
		if (dead < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		for (int i = 0; i < n; i++) {
			if (pids[i] != dead)
				continue;
			if (stopping)
				break;
			fprintf(stderr, "%s: worker %d exited (status %d); restarting\n", app->name,
				(int)dead, st);
			if (time(NULL) - born[i] < 1)
				sleep(1); /* a worker that dies at once must not spin the machine */
			pids[i] = spawn(app, conf, fd);
			born[i] = time(NULL);
		}
	}
	stop_workers(pids, n);
	return 0;
}

/* Command line ---------------------------------------------------------------------------- */

static void usage(const struct app *app, FILE *f)
{
	if (app->work) {
		fprintf(
		    f,
		    "usage: %s [--config FILE] [--workers N] [--once]\n"
		    "       %s --version | --help\n\n"
		    "%s\n\n"
		    "  --config FILE   configuration (default $VMSADMIN_CONFIG, else "
		    "/etc/vmsadmin/vmsadmin.ini)\n"
		    "  --workers N     worker processes (default 2)\n"
		    "  --once          one pass in the foreground: work until nothing is due, then "
		    "exit\n",
		    app->name, app->name, app->summary);
		return;
	}
	fprintf(f,
		"usage: %s [--config FILE] [--socket PATH] [--workers N]\n"
		"       %s --version | --help\n\n"
		"%s\n\n"
		"  --config FILE   configuration (default $VMSADMIN_CONFIG, else "
		"/etc/vmsadmin/vmsadmin.ini)\n"
		"  --socket PATH   listen on this unix socket (else the socket inherited on fd 0)\n"
		"  --workers N     worker processes (default 2)\n\n"
		"Routes:\n",
		app->name, app->name, app->summary);
	for (size_t i = 0; i < app->nroutes; i++)
		fprintf(f, "  %-4s %s\n", app->routes[i].method, app->routes[i].pattern);
	fprintf(f, "  GET  /healthz\n");
}

static bool fd0_is_socket(void)
{
	struct stat st;

	return fstat(0, &st) == 0 && S_ISSOCK(st.st_mode);
}

int app_main(const struct app *app, int argc, char **argv)
{
	const char *config = getenv("VMSADMIN_CONFIG"), *sock = NULL;
	int64_t workers = 2;
	bool once = false;
	struct conf conf;
	int fd = -1, rc;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *next = i + 1 < argc ? argv[i + 1] : NULL;
		if (!strcmp(a, "--version")) {
			printf("%s %s\n", app->name, VMS_VERSION);
			return 0;
		} else if (!strcmp(a, "--help")) {
			usage(app, stdout);
			return 0;
		} else if (!strcmp(a, "--config") && next) {
			config = argv[++i];
		} else if (!strcmp(a, "--once") && app->work) {
			once = true;
		} else if (!strcmp(a, "--socket") && next && !app->work) {
			sock = argv[++i];
		} else if (!strcmp(a, "--workers") && next &&
			   parse_i64(next, strlen(next), 1, MAX_WORKERS, &workers) == 0) {
			i++;
		} else {
			usage(app, stderr);
			return 2;
		}
	}
	if (!config)
		config = "/etc/vmsadmin/vmsadmin.ini";
	for (size_t i = 0; i < app->nroutes; i++)
		if (!req_fields_ok(app->routes[i].fields, app->routes[i].nfields,
				   app->routes[i].pattern))
			return 1;
	if (conf_load(&conf, config) < 0)
		return 1;
	if (tmpl_init(app_templates, app_ntemplates, conf.template_dir) < 0)
		return 1;
	if (db_library_init() < 0 || FCGX_Init() != 0) {
		fprintf(stderr, "%s: library initialisation failed\n", app->name);
		return 1;
	}
	if (app->work && once) {
		rc = work_run(app, &conf, true);
		db_library_end();
		return rc;
	}
	if (app->work) {
		fprintf(stderr, "%s %s: %lld workers\n", app->name, VMS_VERSION,
			(long long)workers);
		rc = supervise(app, &conf, -1, (int)workers);
		db_library_end();
		return rc;
	}
	if (sock) {
		mode_t old = umask(0117); /* socket 0660: nginx's group, nobody else */
		fd = FCGX_OpenSocket(sock, 128);
		umask(old);
		if (fd < 0) {
			fprintf(stderr, "%s: cannot listen on %s\n", app->name, sock);
			return 1;
		}
	} else if (fd0_is_socket()) {
		fd = 0;
	} else {
		fprintf(stderr, "%s: no --socket given and fd 0 is not a socket\n", app->name);
		return 2;
	}
	fprintf(stderr, "%s %s: %lld workers on %s\n", app->name, VMS_VERSION, (long long)workers,
		sock ? sock : "fd 0");
	rc = supervise(app, &conf, fd, (int)workers);
	if (sock)
		unlink(sock);
	db_library_end();
	return rc;
}
