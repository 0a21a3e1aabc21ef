/* tab.c — shared pieces of the list tabs: user lookup, links, headers, pager, CSV. */
#include "tab.h"

#include <cjson/cJSON.h>
#include <string.h>

const char *const tab_limit_choices[] = {"25", "50", "100", NULL};
const char *const tab_dir_choices[] = {"asc", "desc", NULL};

size_t tab_limit(const struct req *r)
{
	static const size_t sizes[] = {25, 50, 100};
	const struct req_value *v = req_get(r, "limit");

	return v->present && v->i >= 0 && v->i < 3 ? sizes[v->i] : sizes[0];
}

int tab_user(struct ctx *c, struct user *u)
{
	int64_t id = req_i64(c->req, "id");
	int rc;

	buf_init(&u->info);
	rc = users_get(c->db, id, u);
	buf_free(&u->info);
	if (rc < 0)
		return app_db_fail(c, rc);
	if (rc == 0)
		return app_fail(c, 404, "There is no user %lld.", (long long)id);
	if (u->deleted_at[0])
		return app_fail(c, 404, "This user was deleted.");
	return 0;
}

static int encode(struct buf *out, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";

	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;
		char esc[3] = {'%', hex[ch >> 4], hex[ch & 15]};
		if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		    (ch >= '0' && ch <= '9') || ch == '-' || ch == '.' || ch == '_' || ch == '~') {
			if (buf_append(out, s, 1) < 0)
				return -1;
		} else if (buf_append(out, esc, 3) < 0) {
			return -1;
		}
	}
	return 0;
}

int tab_url(struct buf *out, const char *path, const struct tab_param *p, size_t n)
{
	bool first = true;

	if (buf_puts(out, path) < 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (!p[i].value || !p[i].value[0])
			continue;
		if (buf_puts(out, first ? "?" : "&") < 0 || encode(out, p[i].name) < 0 ||
		    buf_puts(out, "=") < 0 || encode(out, p[i].value) < 0)
			return -1;
		first = false;
	}
	return 0;
}

/* The list's link with sort/dir as given and extra parameters, into d's key. */
static int set_link(struct tmpl_dict *d, const char *key, const struct tab_list *l,
		    const char *sort, const char *dir, const struct tab_param *extra, size_t nextra)
{
	struct tab_param p[TAB_MAX_PARAMS];
	struct buf url;
	size_t n = 0;
	int rc;

	if (l->nkeep + nextra + 2 > TAB_MAX_PARAMS)
		return -1;
	for (size_t i = 0; i < l->nkeep; i++)
		p[n++] = l->keep[i];
	p[n++] = (struct tab_param){"sort", sort};
	p[n++] = (struct tab_param){"dir", dir};
	for (size_t i = 0; i < nextra; i++)
		p[n++] = extra[i];
	buf_init(&url);
	rc = tab_url(&url, l->path, p, n);
	if (rc == 0)
		tmpl_set(d, key, buf_str(&url));
	buf_free(&url);
	return rc;
}

static const char *dir_of(const struct tab_list *l)
{
	return l->sort ? (l->desc ? "desc" : "asc") : NULL;
}

int tab_link(struct tmpl_dict *d, const char *key, const struct tab_list *l,
	     const struct tab_param *extra, size_t nextra)
{
	return set_link(d, key, l, l->sort, dir_of(l), extra, nextra);
}

int tab_head(struct tmpl_dict *d, const struct tab_list *l, const struct tab_col *cols, size_t n)
{
	struct tmpl_dict *head = tmpl_include(d, "THEAD", "thead.tpl");

	for (size_t i = 0; i < n; i++) {
		struct tmpl_dict *col = tmpl_section(head, "COL");
		bool current = l->sort && cols[i].key && !strcmp(l->sort, cols[i].key);
		tmpl_set(col, "LABEL", cols[i].label);
		if (!cols[i].key) {
			tmpl_show(col, "PLAIN");
			continue;
		}
		/* a click sorts by the column, ascending; on the current column it reverses */
		const char *dir = current && !l->desc ? "desc" : "asc";
		struct tmpl_dict *s = tmpl_section(col, "SORTABLE");
		tmpl_set(s, "KEY", cols[i].key);
		if (set_link(s, "HREF", l, cols[i].key, dir, NULL, 0) < 0)
			return -1;
		if (current) {
			struct tmpl_dict *sorted = tmpl_section(col, "SORTED");
			tmpl_set(sorted, "ARIA", l->desc ? "descending" : "ascending");
			tmpl_set(sorted, "ARROW", l->desc ? "\u25BC" : "\u25B2");
		}
	}
	return 0;
}

int tab_pager(struct tmpl_dict *d, const struct tab_list *l, const char *next, bool paged)
{
	struct tmpl_dict *pager = tmpl_include(d, "PAGER", "pager.tpl");
	struct tab_param after = {"after", next};

	if (paged && tab_link(tmpl_section(pager, "FIRST"), "HREF", l, NULL, 0) < 0)
		return -1;
	if (next && tab_link(tmpl_section(pager, "NEXT"), "HREF", l, &after, 1) < 0)
		return -1;
	return 0;
}

void tab_download(struct ctx *c, const char *filename)
{
	c->resp->content_type = "text/csv; charset=utf-8";
	app_header(c, "Content-Disposition", "attachment; filename=\"%s\"", filename);
}

int tab_json_next(cJSON *root, const struct cursor *next)
{
	char text[CURSOR_TEXT_MAX];

	if (!next->id)
		return cJSON_AddNullToObject(root, "next") ? 0 : -1;
	if (cursor_encode(next, text) < 0 || !cJSON_AddStringToObject(root, "next", text))
		return -1;
	return 0;
}
