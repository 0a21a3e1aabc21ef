/* billing.c — the billing webhook: POST /billing/v1/events. A signed JSON request from the
 * customer billing system is verified, validated, applied together with its Billing Events
 * row in one transaction, and answered (the same answer for every repeat of its request_id).
 * Authentication is the HMAC signature; there is no session and no CSRF token (KIND_API). */
#include <cjson/cJSON.h>
#include <sodium.h>
#include <string.h>

#include "app.h"
#include "billing.h"
#include "billing_db.h"

/* The answer to a recorded request: {"request_id","event_id","type","result","error"}.
 * The first answer has the status the outcome calls for; a repeat is 200 with the same body. */
static int answer(struct ctx *c, const struct billing_event *ev, bool repeat)
{
	cJSON *o = cJSON_CreateObject();

	if (!o || !cJSON_AddStringToObject(o, "request_id", ev->request_id) ||
	    !cJSON_AddNumberToObject(o, "event_id", (double)ev->id) ||
	    !cJSON_AddStringToObject(o, "type", ev->type) ||
	    !cJSON_AddStringToObject(o, "result", ev->applied ? "applied" : "failed") ||
	    !(ev->error[0] ? cJSON_AddStringToObject(o, "error", ev->error)
			   : cJSON_AddNullToObject(o, "error")) ||
	    !(ev->noop ? cJSON_AddStringToObject(o, "note", BILLING_NOOP_NOTE)
		       : cJSON_AddNullToObject(o, "note"))) {
		cJSON_Delete(o);
		return app_fail(c, 500, "Out of memory.");
	}
	if (repeat)
		app_header(c, "X-Billing-Repeat", "true");
	return app_json(c, o) == 200 ? (repeat ? 200 : ev->http_status) : 500;
}

/* POST /billing/v1/events. 200 applied or a repeat; 401 unsigned or wrongly signed; 400 not
 * JSON or a bad field (named); 409 a conflict, 422 unknown account / CSA code / type / camera
 * (all three recorded); 413 (by the loop) too large; 503 not configured or the database is
 * away (nothing written: billing retries). */
static int webhook(struct ctx *c)
{
	const struct buf *body = &c->req->body;
	char err[160], hash[crypto_pwhash_STRBYTES] = "";
	struct billing_req r;
	struct billing_event ev;
	bool repeat;
	int rc;

	if (!c->conf->billing_secret[0])
		return app_fail(c, 503,
				"The billing webhook is not configured (no [billing] secret).");
	if (!billing_verify_signature(c->conf->billing_secret, body->data ? body->data : "",
				      body->len, c->req->signature))
		return app_fail(c, 401, "Missing or wrong X-Billing-Signature.");
	if (billing_parse(body->data ? body->data : "", body->len, &r, err, sizeof err) < 0) {
		billing_req_free(&r);
		return app_fail(c, 400, "%s", err);
	}
	if (r.password && session_hash_password(c->conf, r.password, hash, sizeof hash) < 0) {
		billing_req_free(&r);
		return app_fail(c, 500, "Out of memory.");
	}
	rc = billing_db_apply(c->db, &r, r.password ? hash : NULL, &ev, &repeat);
	billing_req_free(&r);
	if (rc < 0)
		return app_fail(c, db_http_status(rc), "%s",
				rc == DB_ERR ? "Internal error; retry."
					     : "The database is unavailable; retry.");
	return answer(c, &ev, repeat);
}

static const struct app_route routes[] = {
    {"POST", "/billing/v1/events", webhook, ROLE_PUBLIC, KIND_API, NULL, 0},
};

static const struct app app = {
    .name = "billing",
    .summary = "The billing webhook: signed JSON requests that create and change subscribers.",
    .routes = routes,
    .nroutes = sizeof routes / sizeof routes[0],
};

int main(int argc, char **argv)
{
	return app_main(&app, argc, argv);
}
