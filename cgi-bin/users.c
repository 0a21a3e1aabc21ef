/* users.c — the users directory: search subscribers, newest first, pages by cursor. */
#include <cjson/cJSON.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "users.h"

static const struct req_field directory_fields[] = {
    {.name = "q", .src = REQ_QUERY, .check = req_text, .max = 255},
    {.name = "after", .src = REQ_QUERY, .check = req_cursor},
};

static void cursor_of(const struct user_row *r, char *out, size_t cap)
{
	snprintf(out, cap, "%" PRId64 ".%" PRId64, r->created_epoch, r->id);
}

static int directory_json(struct ctx *c, const struct user_row *rows, int n, bool more)
{
	cJSON *root = cJSON_CreateObject(), *items = cJSON_AddArrayToObject(root, "items");
	char next[48];

	if (!items)
		goto fail;
	for (int i = 0; i < n; i++) {
		cJSON *o = cJSON_CreateObject();
		if (!o || !cJSON_AddItemToArray(items, o))
			goto fail_item;
		if (!cJSON_AddNumberToObject(o, "id", (double)rows[i].id) ||
		    !cJSON_AddStringToObject(o, "username", rows[i].username) ||
		    !cJSON_AddStringToObject(o, "login", rows[i].login) ||
		    !cJSON_AddStringToObject(o, "billing_id", rows[i].billing_id) ||
		    !cJSON_AddStringToObject(o, "origin", rows[i].origin) ||
		    !cJSON_AddStringToObject(o, "status", rows[i].status) ||
		    !cJSON_AddStringToObject(o, "created_at", rows[i].created_at) ||
		    !cJSON_AddBoolToObject(o, "deleted", rows[i].deleted))
			goto fail;
		continue;
	fail_item:
		cJSON_Delete(o);
		goto fail;
	}
	if (more) {
		cursor_of(&rows[n - 1], next, sizeof next);
		if (!cJSON_AddStringToObject(root, "next", next))
			goto fail;
	} else if (!cJSON_AddNullToObject(root, "next")) {
		goto fail;
	}
	return app_json(c, root);
fail:
	cJSON_Delete(root);
	return app_fail(c, 500, "Out of memory.");
}

/* GET /admin/users?q=&after=: the directory page (or JSON). 200, 400 for a bad cursor,
 * 503 while the database is away. */
static int directory(struct ctx *c)
{
	struct user_row rows[USERS_PAGE];
	const struct req_value *after = req_get(c->req, "after");
	const char *q = req_str(c->req, "q");
	struct app_page page;
	bool more;
	int n;

	n = users_search(c->db, q, after->i, after->present ? after->i2 : 0, rows, &more);
	if (n < 0)
		return app_db_fail(c, n);
	if (c->req->accept_json)
		return directory_json(c, rows, n, more);
	if (app_page_begin(c, &page, "Users", "directory.tpl") < 0)
		return app_fail(c, 500, "Out of memory.");
	tmpl_set(page.content, "Q", q);
	for (int i = 0; i < n; i++) {
		struct tmpl_dict *row = tmpl_section(page.content, "ROW");
		tmpl_set_int(row, "ID", rows[i].id);
		tmpl_set(row, "USERNAME", rows[i].username);
		tmpl_set(row, "LOGIN", rows[i].login);
		tmpl_set(row, "BILLING_ID", rows[i].billing_id);
		tmpl_set(row, "ORIGIN", rows[i].origin);
		tmpl_set(row, "STATUS", rows[i].status);
		tmpl_set(row, "CREATED_AT", rows[i].created_at);
		if (rows[i].deleted)
			tmpl_show(row, "DELETED");
	}
	if (n == 0)
		tmpl_show(page.content, "EMPTY");
	if (more) {
		char next[48];
		struct tmpl_dict *m = tmpl_section(page.content, "MORE");
		cursor_of(&rows[n - 1], next, sizeof next);
		tmpl_set(m, "Q", q);
		tmpl_set(m, "AFTER", next);
	}
	if (after->present)
		tmpl_show(page.content, "PAGED");
	return app_page_end(c, &page);
}

static const struct app_route routes[] = {
    {"GET", "/admin/users", directory, ROLE_ADMIN, KIND_PAGE, directory_fields, 2},
};

static const struct app app = {
    .name = "users",
    .summary = "The users directory: search by user ID, login, name or billing account.",
    .routes = routes,
    .nroutes = sizeof routes / sizeof routes[0],
};

int main(int argc, char **argv)
{
	return app_main(&app, argc, argv);
}
