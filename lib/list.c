/* list.c — the list engine: inputs, cursors, one page by keyset, and the HTML, JSON and CSV of
 * it, for every list the product has (list.h says the contract). */
#include "list.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "util.h"

const char *const list_limit_choices[] = {"25", "50", "100", NULL};
const char *const list_dir_choices[] = {"asc", "desc", NULL};
const char *const list_format_choices[] = {"csv", NULL};

static const size_t limits[] = {25, 50, 100};

enum form { FORM_HTML, FORM_JSON, FORM_CSV };

/* One answer in the making: the list, where rows go, and what the page turned out to be. */
struct run {
	struct list *l;
	enum form form;
	struct tmpl_dict *d; /* FORM_HTML: the page's dictionary */
	cJSON *items;	     /* FORM_JSON */
	struct buf *csv;     /* FORM_CSV */
	struct arena arena;  /* for the query function */
	unsigned char *rows; /* a "before" page, collected to be shown in reverse */
	size_t n;	     /* rows handed over so far */
	size_t shown;	     /* rows written */
	bool more;	     /* a row beyond the page exists in the direction read */
	bool failed;	     /* writing a row failed (out of memory) */
	struct cursor first, last;
};

/* Fingerprint and inputs -------------------------------------------------------------------- */

static void hash_str(crypto_hash_sha256_state *h, const char *s)
{
	crypto_hash_sha256_update(h, (const unsigned char *)s, strlen(s) + 1);
}

/* The list's name, order and the value of every declared path and query input that is not the
 * list's own — "name\0sort\0dir\0" then "input\0value\0" for each one given, in the table's
 * order — as the first 8 bytes of their SHA-256: a cursor carries it and must match it to be
 * used. Form inputs (a POST that answers with the list) shape no list and are left out. (Not a
 * secret: it only binds a cursor to what it was made for.) */
static uint64_t fingerprint(const struct list *l)
{
	const struct req *r = l->c->req;
	crypto_hash_sha256_state h;
	unsigned char out[crypto_hash_sha256_BYTES];
	uint64_t fp = 0;

	crypto_hash_sha256_init(&h);
	hash_str(&h, l->spec->name);
	hash_str(&h, l->spec->sorts[l->sort]);
	hash_str(&h, l->desc ? "desc" : "asc");
	for (size_t i = LIST_NFIELDS; i < r->nfields; i++) {
		const struct req_value *v = req_val(r, i);
		if (!v->present || r->fields[i].src == REQ_FORM)
			continue;
		hash_str(&h, r->fields[i].name);
		crypto_hash_sha256_update(&h, (const unsigned char *)v->s, v->len + 1);
	}
	crypto_hash_sha256_final(&h, out);
	for (size_t i = 0; i < 8; i++)
		fp = fp << 8 | out[i];
	return fp;
}

static const struct list_col *sort_col(const struct list *l);

/* The cursor's sort value is one the sort column can hold: a number for numbers, a UTC time
 * "YYYY-MM-DD hh:mm:ss" for times. */
static bool key_fits(const struct list_col *col, const struct cursor *cur)
{
	static const char shape[] = "dddd-dd-dd dd:dd:dd";
	int64_t k;

	if (!col)
		return false;
	if (col->type == LIST_INT || col->type == LIST_ENUM)
		return cursor_key_int(cur, INT64_MIN, INT64_MAX, &k) == 0;
	if (col->type != LIST_TIME)
		return true;
	if (cur->keylen != sizeof shape - 1)
		return false;
	for (size_t i = 0; i < cur->keylen; i++)
		if (shape[i] == 'd' ? !isdigit((unsigned char)cur->key[i])
				    : cur->key[i] != shape[i])
			return false;
	return true;
}

/* The cursor of input i when it was made for this list, order and filter: 0 with *out set (NULL
 * when absent), or 400. */
static int read_cursor(struct list *l, size_t i, const struct cursor **out)
{
	const struct req_value *v = req_val(l->c->req, i);
	const struct cursor *cur = v->p;

	*out = NULL;
	if (!v->present)
		return 0;
	if (!cur || strcmp(cur->tag, l->spec->name) != 0 || cur->fp != l->fp ||
	    !key_fits(sort_col(l), cur))
		return app_fail(l->c, 400,
				"%s: this cursor belongs to another list, order or filter; "
				"start again from the first page.",
				l->c->req->fields[i].name);
	*out = cur;
	return 0;
}

/* Fill l from the request. Returns 0, or the status already recorded (400, 500). */
static int read_inputs(struct list *l)
{
	const struct req *r = l->c->req;
	const struct req_value *sort = req_val(r, LIST_F_SORT), *dir = req_val(r, LIST_F_DIR);
	const struct req_value *limit = req_val(r, LIST_F_LIMIT);
	int status;

	if (r->nfields < LIST_NFIELDS || strcmp(r->fields[LIST_F_LIMIT].name, "limit") != 0 ||
	    r->fields[LIST_F_SORT].choices != l->spec->sorts) {
		fprintf(stderr, "list %s: the route does not declare LIST_INPUTS\n", l->spec->name);
		return app_fail(l->c, 500, "Internal error.");
	}
	l->limit = limit->present ? limits[limit->i] : limits[0];
	l->sort = sort->present ? (size_t)sort->i : 0;
	l->desc = dir->present ? dir->i == 1 : l->spec->desc;
	l->fp = fingerprint(l);
	if ((status = read_cursor(l, LIST_F_AFTER, &l->after)) != 0 ||
	    (status = read_cursor(l, LIST_F_BEFORE, &l->before)) != 0)
		return status;
	if (l->after && l->before)
		return app_fail(l->c, 400, "after, before: give one cursor, not both.");
	return 0;
}

/* Columns -------------------------------------------------------------------------------- */

static const void *member(const void *row, const struct list_col *col)
{
	return (const unsigned char *)row + col->off;
}

static const char *text_of(const void *row, const struct list_col *col)
{
	const void *m = member(row, col);

	if (col->ptr) {
		const char *s = *(const char *const *)m;
		return s ? s : "";
	}
	return m;
}

static int enum_of(const void *row, const struct list_col *col)
{
	return *(const int *)member(row, col);
}

static const char *enum_name(const struct list_col *col, int i)
{
	return i >= 0 && col->names[i] ? col->names[i] : "";
}

/* A column's key in upper case, the name of its template variable. */
static void upper(const char *key, const char *suffix, char *out, size_t cap)
{
	size_t i = 0;

	for (; key[i] && i + 1 < cap; i++)
		out[i] = (char)toupper((unsigned char)key[i]);
	out[i] = '\0';
	snprintf(out + i, cap - i, "%s", suffix);
}

/* The text of a column for CSV into tmp (for numbers and lists); returns it. */
static const char *csv_text(const void *row, const struct list_col *col, struct buf *tmp)
{
	const struct list_strs *strs;
	char iso[TIME_ISO_MAX];

	buf_reset(tmp);
	switch (col->type) {
	case LIST_TIME:
		time_iso(text_of(row, col), iso);
		buf_puts(tmp, iso);
		return buf_str(tmp);
	case LIST_INT:
		buf_printf(tmp, "%" PRId64, *(const int64_t *)member(row, col));
		return buf_str(tmp);
	case LIST_ENUM:
		return enum_name(col, enum_of(row, col));
	case LIST_BOOL:
		return *(const bool *)member(row, col) ? "yes" : "no";
	case LIST_STRS:
		strs = member(row, col);
		for (size_t i = 0; i < strs->n; i++)
			buf_printf(tmp, "%s%s", i ? " " : "", strs->v[i]);
		return buf_str(tmp);
	default:
		return text_of(row, col);
	}
}

static int row_csv(struct run *run, const void *row)
{
	const struct list_spec *s = run->l->spec;
	struct buf tmp;
	bool first = true;
	int rc = 0;

	buf_init(&tmp);
	for (size_t i = 0; i < s->ncols && rc == 0; i++) {
		if (!s->cols[i].label)
			continue;
		rc = csv_field(run->csv, csv_text(row, &s->cols[i], &tmp), first);
		first = false;
	}
	buf_free(&tmp);
	return rc == 0 ? buf_append(run->csv, "\r\n", 2) : -1;
}

static bool json_col(cJSON *o, const void *row, const struct list_col *col)
{
	const struct list_strs *strs;
	const char *s;
	cJSON *a;

	switch (col->type) {
	case LIST_TIME:
		return app_json_time(o, col->key, text_of(row, col));
	case LIST_INT:
		return cJSON_AddNumberToObject(o, col->key,
					       (double)*(const int64_t *)member(row, col));
	case LIST_ENUM:
		return cJSON_AddStringToObject(o, col->key, enum_name(col, enum_of(row, col)));
	case LIST_BOOL:
		return cJSON_AddBoolToObject(o, col->key, *(const bool *)member(row, col));
	case LIST_STRS:
		strs = member(row, col);
		if (!(a = cJSON_AddArrayToObject(o, col->key)))
			return false;
		for (size_t i = 0; i < strs->n; i++) {
			cJSON *v = cJSON_CreateString(strs->v[i]);
			if (!v || !cJSON_AddItemToArray(a, v)) {
				cJSON_Delete(v);
				return false;
			}
		}
		return true;
	default:
		s = text_of(row, col);
		if (!*s && (col->nullable || col->type == LIST_TIME))
			return cJSON_AddNullToObject(o, col->key);
		return cJSON_AddStringToObject(o, col->key, s);
	}
}

static int row_json(struct run *run, const void *row)
{
	const struct list_spec *s = run->l->spec;
	cJSON *o = cJSON_CreateObject();

	if (!o || !cJSON_AddItemToArray(run->items, o)) {
		cJSON_Delete(o);
		return -1;
	}
	for (size_t i = 0; i < s->ncols; i++)
		if (!s->cols[i].custom_json && !json_col(o, row, &s->cols[i]))
			return -1;
	return s->row_json ? s->row_json(run->l, o, row) : 0;
}

static void html_col(struct tmpl_dict *d, const void *row, const struct list_col *col)
{
	const struct list_strs *strs;
	char name[40];
	int e;

	upper(col->key, "", name, sizeof name);
	switch (col->type) {
	case LIST_TIME:
		app_time(d, name, text_of(row, col));
		break;
	case LIST_INT:
		tmpl_set_int(d, name, *(const int64_t *)member(row, col));
		break;
	case LIST_ENUM:
		e = enum_of(row, col);
		tmpl_set(d, name, enum_name(col, e));
		upper(col->key, "_WORD", name, sizeof name);
		tmpl_set(d, name, col->words && e >= 0 ? col->words[e] : enum_name(col, e));
		break;
	case LIST_BOOL:
		if (*(const bool *)member(row, col))
			tmpl_show(d, name);
		break;
	case LIST_STRS:
		strs = member(row, col);
		upper(col->key, "_ITEM", name, sizeof name);
		for (size_t i = 0; i < strs->n; i++)
			tmpl_set(tmpl_section(d, name), "VALUE", strs->v[i]);
		if (strs->n == 0) {
			upper(col->key, "", name + 3, sizeof name - 3);
			memcpy(name, "NO_", 3);
			tmpl_show(d, name);
		}
		break;
	default:
		tmpl_set(d, name, text_of(row, col));
		if (col->has && *text_of(row, col)) {
			upper(col->key, "", name + 4, sizeof name - 4);
			memcpy(name, "HAS_", 4);
			tmpl_show(d, name);
		}
	}
}

static int row_html(struct run *run, const void *row)
{
	const struct list_spec *s = run->l->spec;
	struct tmpl_dict *d = tmpl_section(run->d, "ROW");

	for (size_t i = 0; i < s->ncols; i++)
		html_col(d, row, &s->cols[i]);
	return s->row_html ? s->row_html(run->l, d, row) : 0;
}

/* Pages ---------------------------------------------------------------------------------- */

static int64_t row_id(const struct list_spec *s, const void *row)
{
	return *(const int64_t *)((const unsigned char *)row + s->id_off);
}

static const struct list_col *sort_col(const struct list *l)
{
	const char *key = l->spec->sorts[l->sort];

	for (size_t i = 0; i < l->spec->ncols; i++)
		if (!strcmp(l->spec->cols[i].key, key))
			return &l->spec->cols[i];
	return NULL;
}

/* The cursor that resumes after row in the list's order. Returns 0 or -1. */
static int cursor_of(const struct list *l, const void *row, struct cursor *out)
{
	const struct list_col *col = sort_col(l);
	char num[24];
	const char *key = num;

	if (!col)
		return -1;
	switch (col->type) {
	case LIST_INT:
		snprintf(num, sizeof num, "%" PRId64, *(const int64_t *)member(row, col));
		break;
	case LIST_ENUM:
		snprintf(num, sizeof num, "%d", enum_of(row, col));
		break;
	case LIST_TEXT:
	case LIST_TIME:
		key = text_of(row, col);
		break;
	default:
		return -1;
	}
	return cursor_set(out, l->spec->name, l->fp, row_id(l->spec, row), key, strlen(key));
}

static int write_row(struct run *run, const void *row)
{
	int rc = cursor_of(run->l, row, &run->last);

	if (rc == 0 && run->shown == 0)
		run->first = run->last;
	if (rc == 0)
		rc = run->form == FORM_CSV    ? row_csv(run, row)
		     : run->form == FORM_JSON ? row_json(run, row)
					      : row_html(run, row);
	if (rc < 0)
		run->failed = true;
	run->shown++;
	return rc;
}

/* The query function's emit (take_row): a row of the page is written at once (or kept, for a page
 * read backwards); the one beyond the page only says that more exist. */
static int take_row(void *arg, const void *row)
{
	struct run *run = arg;
	size_t size = run->l->spec->row_size;

	if (run->n == run->l->limit) {
		run->more = true;
		return 1;
	}
	if (run->rows) {
		memcpy(run->rows + run->n * size, row, size);
		run->n++;
		return 0;
	}
	run->n++;
	return write_row(run, row);
}

/* Read one page of up to limit rows after from (backwards: before it) and write it. Returns the
 * number of rows, or a status already recorded (negative db codes become 503/500). */
static int read_page(struct run *run, const struct cursor *from, bool backwards, size_t limit)
{
	struct list *l = run->l;
	const struct list_spec *s = l->spec;
	struct list_q q = {
	    .sort = l->sort,
	    .desc = backwards ? !l->desc : l->desc,
	    .from = from,
	    .limit = limit + 1,
	    .filter = l->args->filter,
	    .who = l->c->scope,
	    .arena = &run->arena,
	};
	int rc;

	run->n = run->shown = 0;
	run->more = run->failed = false;
	arena_reset(&run->arena);
	if (backwards && !(run->rows = malloc((limit + 1) * s->row_size)))
		return -app_fail(l->c, 500, "Out of memory.");
	rc = s->query(l->c->db, &q, take_row, run);
	if (rc < 0) {
		free(run->rows);
		run->rows = NULL;
		return -(run->failed ? app_fail(l->c, 500, "Out of memory.")
				     : app_db_fail(l->c, rc));
	}
	for (size_t i = run->n; run->rows && i > 0 && !run->failed; i--)
		write_row(run, run->rows + (i - 1) * s->row_size);
	free(run->rows);
	run->rows = NULL;
	if (run->failed)
		return -app_fail(l->c, 500, "Out of memory.");
	return (int)run->n;
}

int list_fetch(struct db *db, struct db_query *q, list_fill_fn fill, void *row, list_emit_fn emit,
	       void *arg)
{
	int n = 0, rc = db_exec(db, q);

	if (rc < 0)
		return rc;
	while ((rc = db_fetch(db, q)) == 1) {
		if (fill(row, q->out) < 0) {
			rc = DB_ERR;
			break;
		}
		if (emit(arg, row) != 0)
			break;
		n++;
	}
	db_end(q);
	return rc < 0 ? rc : n;
}

int list_strs_split(struct arena *a, const struct buf *text, char sep, struct list_strs *out)
{
	size_t n = 0;
	const char **v;
	char *copy, *p;

	out->v = NULL;
	out->n = 0;
	if (!text->len)
		return 0;
	for (size_t i = 0; i < text->len; i++)
		n += text->data[i] == sep;
	if (!(copy = arena_strndup(a, text->data, text->len)) ||
	    !(v = arena_alloc(a, (n + 1) * sizeof *v)))
		return -1;
	for (p = copy, n = 0;; n++) {
		char *next = strchr(p, sep);
		v[n] = p;
		if (!next)
			break;
		*next = '\0';
		p = next + 1;
	}
	out->v = v;
	out->n = n + 1;
	return 0;
}

/* Links ------------------------------------------------------------------------------------ */

/* RFC 3986 unreserved characters kept, everything else percent-encoded. */
static int encode(struct buf *out, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";

	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;
		char esc[3] = {'%', hex[ch >> 4], hex[ch & 15]};
		int rc = isalnum(ch) || ch == '-' || ch == '.' || ch == '_' || ch == '~'
			     ? buf_append(out, s, 1)
			     : buf_append(out, esc, 3);
		if (rc < 0)
			return -1;
	}
	return 0;
}

static int param(struct buf *out, bool *first, const char *name, const char *value)
{
	if (!value || !*value)
		return 0;
	if (buf_puts(out, *first ? "?" : "&") < 0 || encode(out, name) < 0 ||
	    buf_puts(out, "=") < 0 || encode(out, value) < 0)
		return -1;
	*first = false;
	return 0;
}

static const struct list_param *find_over(const struct list_param *over, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(over[i].name, name))
			return &over[i];
	return NULL;
}

/* The order of a link's parameters: the list's own filters, then limit, sort, dir, format,
 * then the cursor, so that links read like the form that made them. */
static const size_t link_order[] = {LIST_F_LIMIT,  LIST_F_SORT,	 LIST_F_DIR,
				    LIST_F_FORMAT, LIST_F_AFTER, LIST_F_BEFORE};

int list_link(struct list *l, struct tmpl_dict *d, const char *key, const struct list_param *over,
	      size_t nover)
{
	const struct req *r = l->c->req;
	size_t order[REQ_MAX_FIELDS], n = 0;
	struct buf url;
	bool first = true;
	int rc;

	for (size_t i = LIST_NFIELDS; i < r->nfields; i++)
		order[n++] = i;
	for (size_t i = 0; i < LIST_NFIELDS; i++)
		order[n++] = link_order[i];
	buf_init(&url);
	rc = buf_puts(&url, l->args->path);
	for (size_t k = 0; k < n && rc == 0; k++) {
		size_t i = order[k];
		const struct req_field *f = &r->fields[i];
		const struct list_param *o = find_over(over, nover, f->name);
		const struct req_value *v = req_val(r, i);
		if (f->src != REQ_QUERY)
			continue;
		if (o)
			rc = param(&url, &first, f->name, o->value);
		else if (i != LIST_F_AFTER && i != LIST_F_BEFORE && i != LIST_F_FORMAT &&
			 v->present)
			rc = param(&url, &first, f->name, v->s);
	}
	for (size_t i = 0; i < nover && rc == 0; i++) {
		bool declared = false;
		for (size_t j = 0; j < r->nfields; j++)
			declared |= !strcmp(r->fields[j].name, over[i].name);
		if (!declared)
			rc = param(&url, &first, over[i].name, over[i].value);
	}
	if (rc == 0)
		tmpl_set(d, key, buf_str(&url));
	buf_free(&url);
	return rc;
}

/* The pieces of the HTML page ---------------------------------------------------------------- */

static bool sortable(const struct list *l, const char *key)
{
	if (!l->spec->sorts[1])
		return false; /* one fixed order */
	for (size_t i = 0; l->spec->sorts[i]; i++)
		if (!strcmp(l->spec->sorts[i], key))
			return true;
	return false;
}

/* {{>THEAD}}: a sortable heading links to the first page sorted by it (ascending, or reversed
 * when it is the current sort) and carries aria-sort. */
static int thead(struct list *l, struct tmpl_dict *d)
{
	struct tmpl_dict *head = tmpl_include(d, "THEAD", "thead.tpl");
	const char *current = l->spec->sorts[l->sort];

	for (size_t i = 0; i < l->spec->ncols; i++) {
		const struct list_col *col = &l->spec->cols[i];
		struct tmpl_dict *h;
		bool cur = !strcmp(col->key, current);
		if (!col->label || col->csv_only)
			continue;
		h = tmpl_section(head, "COL");
		tmpl_set(h, "LABEL", col->label);
		if (!sortable(l, col->key)) {
			tmpl_show(h, "PLAIN");
			continue;
		}
		struct list_param p[2] = {{"sort", col->key},
					  {"dir", cur && !l->desc ? "desc" : "asc"}};
		struct tmpl_dict *s = tmpl_section(h, "SORTABLE");
		tmpl_set(s, "KEY", col->key);
		if (list_link(l, s, "HREF", p, 2) < 0)
			return -1;
		if (cur) {
			struct tmpl_dict *sorted = tmpl_section(h, "SORTED");
			tmpl_set(sorted, "ARIA", l->desc ? "descending" : "ascending");
			tmpl_set(sorted, "ARROW", l->desc ? "\u25BC" : "\u25B2");
		}
	}
	return 0;
}

/* {{>LIMIT}}: the page-size control, with the order kept in hidden fields. */
static void limit_control(struct list *l, struct tmpl_dict *d)
{
	struct tmpl_dict *c = tmpl_include(d, "LIMIT", "limit.tpl");
	const struct req_value *v = req_val(l->c->req, LIST_F_LIMIT);

	for (size_t i = 0; list_limit_choices[i]; i++) {
		struct tmpl_dict *o = tmpl_section(c, "OPTION");
		tmpl_set(o, "VALUE", list_limit_choices[i]);
		if ((v->present ? (size_t)v->i : 0) == i)
			tmpl_show(o, "SELECTED");
	}
	if (l->spec->sorts[1]) {
		struct tmpl_dict *o = tmpl_section(c, "ORDER");
		tmpl_set(o, "SORT", l->spec->sorts[l->sort]);
		tmpl_set(o, "DIR", l->desc ? "desc" : "asc");
	}
}

static int pager_link(struct list *l, struct tmpl_dict *pager, const char *section,
		      const char *label, const char *name, const struct cursor *at)
{
	char text[CURSOR_TEXT_MAX];
	struct list_param p = {name, text};
	struct tmpl_dict *s = tmpl_section(pager, section);

	tmpl_set(s, "LABEL", label);
	if (!at)
		return list_link(l, s, "HREF", NULL, 0);
	return cursor_encode(at, text) < 0 ? -1 : list_link(l, s, "HREF", &p, 1);
}

/* {{>PAGER}}: First when not on the first page, Previous and Next where rows exist. */
static int pager(struct list *l, struct tmpl_dict *d, const struct cursor *prev,
		 const struct cursor *next)
{
	struct tmpl_dict *p = tmpl_include(d, "PAGER", "pager.tpl");
	const char *const *w = l->spec->pager;

	if ((l->after || l->before) &&
	    pager_link(l, p, "FIRST", w[0] ? w[0] : "First page", NULL, NULL) < 0)
		return -1;
	if (prev && pager_link(l, p, "PREV", w[1] ? w[1] : "Previous page", "before", prev) < 0)
		return -1;
	if (next && pager_link(l, p, "NEXT", w[2] ? w[2] : "Next page", "after", next) < 0)
		return -1;
	return 0;
}

/* The three answers ---------------------------------------------------------------------------- */

/* Where the page leads: next (after its last row) and prev (before its first). */
static void neighbours(const struct run *run, const struct cursor **prev,
		       const struct cursor **next)
{
	bool backwards = run->l->before != NULL;

	*prev = *next = NULL;
	if (run->shown == 0)
		return;
	/* read forwards, rows before this page exist when it started at a cursor; read
	 * backwards, rows after it always do (the page it was reached from) */
	if (backwards ? run->more : run->l->after != NULL)
		*prev = &run->first;
	if (backwards || run->more)
		*next = &run->last;
}

static int answer_csv(struct run *run)
{
	struct list *l = run->l;
	const struct list_spec *s = l->spec;
	const struct cursor *from = NULL;
	struct cursor at;
	bool first = true;
	int n;

	run->form = FORM_CSV;
	run->csv = &l->c->resp->body;
	for (size_t i = 0; i < s->ncols; i++)
		if (s->cols[i].label && csv_field(run->csv, s->cols[i].label, first) == 0)
			first = false;
	if (buf_append(run->csv, "\r\n", 2) < 0)
		return app_fail(l->c, 500, "Out of memory.");
	do {
		if ((n = read_page(run, from, false, LIST_CSV_CHUNK)) < 0)
			return -n;
		if (!from && l->args->check && (n = l->args->check(l)) != 0) {
			buf_reset(run->csv);
			return n;
		}
		at = run->last;
		from = &at;
	} while (run->more);
	l->c->resp->content_type = "text/csv; charset=utf-8";
	app_header(l->c, "Content-Disposition", "attachment; filename=\"%s\"", l->args->csv_name);
	return 200;
}

static int add_cursor(cJSON *root, const char *name, const struct cursor *c)
{
	char text[CURSOR_TEXT_MAX];

	if (!c)
		return cJSON_AddNullToObject(root, name) ? 0 : -1;
	if (cursor_encode(c, text) < 0 || !cJSON_AddStringToObject(root, name, text))
		return -1;
	return 0;
}

static int answer_json(struct run *run)
{
	struct list *l = run->l;
	cJSON *root = cJSON_CreateObject();
	const struct cursor *prev, *next;
	int n;

	run->form = FORM_JSON;
	if (!root || !(run->items = cJSON_AddArrayToObject(root, "items"))) {
		cJSON_Delete(root);
		return app_fail(l->c, 500, "Out of memory.");
	}
	if ((n = read_page(run, l->before ? l->before : l->after, l->before != NULL, l->limit)) <
		0 ||
	    (l->args->check && (n = -l->args->check(l)) < 0)) {
		cJSON_Delete(root);
		return -n;
	}
	neighbours(run, &prev, &next);
	if (add_cursor(root, "next", next) < 0 || add_cursor(root, "prev", prev) < 0 ||
	    (l->spec->page_json && l->spec->page_json(l, root) < 0)) {
		cJSON_Delete(root);
		return app_fail(l->c, 500, "Out of memory.");
	}
	return app_json(l->c, root);
}

static int answer_html(struct run *run)
{
	struct list *l = run->l;
	struct app_page page = {0};
	struct list_param csv = {"format", "csv"};
	const struct cursor *prev, *next;
	int n;

	run->form = FORM_HTML;
	if (l->spec->title) {
		if (app_page_begin(l->c, &page, l->spec->title, l->spec->tpl) < 0)
			return app_fail(l->c, 500, "Out of memory.");
		run->d = page.content;
	} else if (!(run->d = tmpl_dict_new())) {
		return app_fail(l->c, 500, "Out of memory.");
	}
	n = read_page(run, l->before ? l->before : l->after, l->before != NULL, l->limit);
	if (n >= 0 && l->args->check) {
		int status = l->args->check(l);
		if (status != 0)
			n = -status;
	}
	if (n >= 0) {
		neighbours(run, &prev, &next);
		if (n == 0)
			tmpl_show(run->d, "EMPTY");
		tmpl_set(run->d, "ACTION", l->args->path);
		limit_control(l, run->d);
		if (thead(l, run->d) < 0 || pager(l, run->d, prev, next) < 0 ||
		    list_link(l, run->d, "CSV_HREF", &csv, 1) < 0 ||
		    (l->spec->page_html && l->spec->page_html(l, run->d) < 0))
			n = -app_fail(l->c, 500, "Out of memory.");
	}
	if (n < 0) {
		tmpl_dict_free(l->spec->title ? page.root : run->d);
		return -n;
	}
	return l->spec->title ? app_page_end(l->c, &page) : app_render(l->c, l->spec->tpl, run->d);
}

int list_serve(struct ctx *c, const struct list_spec *spec, const struct list_args *args)
{
	struct list l = {.c = c, .spec = spec, .args = args};
	struct run run = {.l = &l};
	int status;

	if ((status = read_inputs(&l)) != 0)
		return status;
	arena_init(&run.arena);
	if (req_val(c->req, LIST_F_FORMAT)->present)
		status = answer_csv(&run);
	else if (c->req->accept_json)
		status = answer_json(&run);
	else
		status = answer_html(&run);
	arena_free(&run.arena);
	return status;
}
