/* billing-events.c — the Billing Events tab: what the billing system sent about a user and
 * what became of it, newest first, filtered by type, paged by cursor. Read-only. */
#include <cjson/cJSON.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "billing.h"
#include "billing_db.h"
#include "users.h"

static const struct req_field tab_fields[] = {
    {.name = "id", .src = REQ_PATH, .check = req_id, .required = true},
    {.name = "type", .src = REQ_QUERY, .check = req_enum, .choices = billing_codes},
    {.name = "before", .src = REQ_QUERY, .check = req_id},
    {.name = "after", .src = REQ_QUERY, .check = req_id},
};

/* One page and how it links on. */
struct page {
	int64_t user_id;
	const char *type; /* NULL: all types */
	struct billing_row rows[BILLING_PAGE];
	int n;
	int64_t older, newer; /* cursors for before= / after=, 0 when there is no such page */
	bool paged;	      /* not the newest page: offer a link back to it */
};

/* The stored payload for reading: pretty-printed when it parses, else as it is. The caller
 * frees *tmp. */
static const char *payload_text(const struct buf *b, char **tmp)
{
	cJSON *j = cJSON_ParseWithLength(buf_str(b), b->len);

	*tmp = j ? cJSON_Print(j) : NULL;
	cJSON_Delete(j);
	return *tmp ? *tmp : buf_str(b);
}

static int tab_json(struct ctx *c, const struct page *p)
{
	cJSON *root = cJSON_CreateObject(), *items = cJSON_AddArrayToObject(root, "items");
	char cur[24];

	if (!items)
		goto fail;
	for (int i = 0; i < p->n; i++) {
		const struct billing_row *r = &p->rows[i];
		cJSON *o = cJSON_CreateObject();
		if (!o || !cJSON_AddItemToArray(items, o)) {
			cJSON_Delete(o);
			goto fail;
		}
		if (!cJSON_AddNumberToObject(o, "id", (double)r->id) ||
		    !cJSON_AddStringToObject(o, "request_id", r->request_id) ||
		    !cJSON_AddStringToObject(o, "type", r->type) ||
		    !cJSON_AddStringToObject(
			o, "label", billing_label(r->type) ? billing_label(r->type) : r->type) ||
		    !cJSON_AddStringToObject(o, "result", r->applied ? "applied" : "failed") ||
		    !(r->error[0] ? cJSON_AddStringToObject(o, "error", r->error)
				  : cJSON_AddNullToObject(o, "error")) ||
		    !cJSON_AddStringToObject(o, "created_at", r->created_at))
			goto fail;
	}
	snprintf(cur, sizeof cur, "%" PRId64, p->older);
	if (!(p->older ? cJSON_AddStringToObject(root, "next", cur)
		       : cJSON_AddNullToObject(root, "next")))
		goto fail;
	snprintf(cur, sizeof cur, "%" PRId64, p->newer);
	if (!(p->newer ? cJSON_AddStringToObject(root, "prev", cur)
		       : cJSON_AddNullToObject(root, "prev")))
		goto fail;
	return app_json(c, root);
fail:
	cJSON_Delete(root);
	return app_fail(c, 500, "Out of memory.");
}

static void fill_rows(struct tmpl_dict *d, const struct page *p)
{
	for (int i = 0; i < p->n; i++) {
		const struct billing_row *r = &p->rows[i];
		struct tmpl_dict *row = tmpl_section(d, "ROW");
		char *tmp;
		tmpl_set_int(row, "EVENT_ID", r->id);
		tmpl_set(row, "REQUEST_ID", r->request_id);
		tmpl_set(row, "TYPE", r->type);
		tmpl_set(row, "LABEL", billing_label(r->type) ? billing_label(r->type) : "");
		tmpl_set(row, "RESULT", r->applied ? "applied" : "failed");
		tmpl_set(row, "CREATED_AT", r->created_at);
		if (!r->applied)
			tmpl_set(tmpl_section(row, "FAILED"), "ERROR", r->error);
		if (r->sent_type[0])
			tmpl_set(tmpl_section(row, "SENT"), "SENT_TYPE", r->sent_type);
		tmpl_set(row, "PAYLOAD", payload_text(&r->payload, &tmp));
		cJSON_free(tmp);
	}
}

static int tab_html(struct ctx *c, const struct page *p)
{
	struct tmpl_dict *d = tmpl_dict_new();

	if (!d)
		return app_fail(c, 500, "Out of memory.");
	tmpl_set_int(d, "ID", p->user_id);
	tmpl_set(d, "TYPE_Q", p->type ? p->type : "");
	for (int i = 0; billing_codes[i]; i++) {
		struct tmpl_dict *o = tmpl_section(d, "TYPE_OPTION");
		tmpl_set(o, "CODE", billing_codes[i]);
		tmpl_set(o, "LABEL", billing_label(billing_codes[i]));
		if (p->type && !strcmp(p->type, billing_codes[i]))
			tmpl_show(o, "SELECTED");
	}
	fill_rows(d, p);
	if (p->n == 0)
		tmpl_show(d, p->type ? "NONE_OF_TYPE" : "NONE");
	if (p->paged)
		tmpl_show(d, "FIRST");
	if (p->newer)
		tmpl_set_int(tmpl_section(d, "NEWER"), "AFTER", p->newer);
	if (p->older)
		tmpl_set_int(tmpl_section(d, "OLDER"), "BEFORE", p->older);
	return app_render(c, "billing_events.tpl", d);
}

/* GET /admin/users/{id}/billing-events?type=&before=|after=: the tab (HTML fragment, or JSON
 * {"items":[...],"next":cursor|null,"prev":cursor|null}). 200; 400 for a bad type or cursor
 * (before the handler runs) or both cursors; 404 for an unknown user (a deleted one still
 * shows its history); 503 while the database is away. */
static int tab(struct ctx *c)
{
	const struct req_value *before = req_get(c->req, "before"),
			       *after = req_get(c->req, "after");
	struct page p = {.user_id = req_i64(c->req, "id")};
	struct user u = {0};
	bool more;
	int rc, status;

	if (before->present && after->present)
		return app_fail(c, 400, "before, after: give one cursor, not both.");
	p.type = req_get(c->req, "type")->present ? req_str(c->req, "type") : NULL;
	buf_init(&u.info);
	billing_db_rows_init(p.rows);
	if ((rc = users_get(c->db, p.user_id, &u)) <= 0) {
		status = rc == 0 ? app_fail(c, 404, "There is no user %" PRId64 ".", p.user_id)
				 : app_db_fail(c, rc);
		goto out;
	}
	rc = billing_db_list(c->db, p.user_id, p.type, before->i, after->i, p.rows, &more);
	if (rc < 0) {
		status = app_db_fail(c, rc);
		goto out;
	}
	p.n = rc;
	p.paged = before->present || after->present;
	/* Walking older from a cursor, newer events exist (the page we came from); walking newer,
	 * more newer ones exist when the query found more, and older ones always do. */
	if (p.n > 0 && (after->present ? more : before->present))
		p.newer = p.rows[0].id;
	if (p.n > 0 && (after->present || more))
		p.older = p.rows[p.n - 1].id;
	status = c->req->accept_json ? tab_json(c, &p) : tab_html(c, &p);
out:
	billing_db_rows_free(p.rows);
	buf_free(&u.info);
	return status;
}

static const struct app_route routes[] = {
    {"GET", "/admin/users/{id}/billing-events", tab, ROLE_ADMIN, KIND_FRAGMENT, tab_fields,
     sizeof tab_fields / sizeof tab_fields[0]},
};

static const struct app app = {
    .name = "billing-events",
    .summary = "The Billing Events tab: the billing requests about a user and their outcome.",
    .routes = routes,
    .nroutes = sizeof routes / sizeof routes[0],
};

int main(int argc, char **argv)
{
	return app_main(&app, argc, argv);
}
