/* list.h — the one contract every list follows (DESIGN.md, "Lists: one contract"): the
 * directory, Cameras, Intercoms, Billing Events, and every list tab to come.
 *
 * A list is described, not programmed: a column table, an input table (LIST_INPUTS plus the
 * list's own filters), one query function that reads one page by keyset, and a template. From
 * those, list_serve answers the route in the three forms every list has:
 *
 *   HTML  the template with {{>THEAD}} (sortable headings), {{>PAGER}} (First / Previous /
 *         Next, or the spec's words for them), {{>LIMIT}} (the page-size control) and one
 *         ROW section per row; every link keeps the filters in force;
 *   JSON  {"items":[...],"next":cursor|null,"prev":cursor|null} plus list-specific members;
 *   CSV   every row of the filter and order (from the first, whatever the cursor), fetched
 *         LIST_CSV_CHUNK rows at a time, with the column headings as the first row.
 *
 * Inputs every list shares: limit (25, 50, 100), sort and dir (when the list has more than one
 * order), after and before (opaque cursors: the page after / before a row, in the order shown),
 * format=csv. A cursor is bound to its list, its order and its filter (the values of every
 * other declared path and query input): one made under anything else is a 400 naming it. */
#ifndef VMS_LIST_H
#define VMS_LIST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app.h"
#include "arena.h"
#include "cursor.h"
#include "tmpl.h"

struct cJSON;

#define LIST_CSV_CHUNK 500 /* rows per query while writing a CSV */
#define LIST_PAGE_MAX 500  /* the most rows a query function is asked for, plus one */

/* The inputs every list declares, at these indexes of its table (its own follow from
 * LIST_NFIELDS): enum { F_ID = LIST_NFIELDS, F_Q, ..., NFIELDS }. */
enum {
	LIST_F_LIMIT,
	LIST_F_SORT,
	LIST_F_DIR,
	LIST_F_AFTER,
	LIST_F_BEFORE,
	LIST_F_FORMAT,
	LIST_NFIELDS
};

extern const char *const list_limit_choices[];	/* "25", "50", "100" */
extern const char *const list_dir_choices[];	/* "asc", "desc" */
extern const char *const list_format_choices[]; /* "csv" */

/* The shared inputs, for the top of a list's input table; sorts is the list's sort keys. */
#define LIST_INPUTS(sorts)                                                                         \
	[LIST_F_LIMIT] = {.name = "limit",                                                         \
			  .src = REQ_QUERY,                                                        \
			  .check = req_enum,                                                       \
			  .choices = list_limit_choices},                                          \
	[LIST_F_SORT] = {.name = "sort", .src = REQ_QUERY, .check = req_enum, .choices = (sorts)}, \
	[LIST_F_DIR] = {.name = "dir",                                                             \
			.src = REQ_QUERY,                                                          \
			.check = req_enum,                                                         \
			.choices = list_dir_choices},                                              \
	[LIST_F_AFTER] = {.name = "after", .src = REQ_QUERY, .check = cursor_check},               \
	[LIST_F_BEFORE] = {.name = "before", .src = REQ_QUERY, .check = cursor_check},             \
	[LIST_F_FORMAT] = {                                                                        \
	    .name = "format", .src = REQ_QUERY, .check = req_enum, .choices = list_format_choices}

/* How a column's value is kept in the row struct and shown. */
enum list_type {
	LIST_INT,  /* int64_t */
	LIST_TEXT, /* char[] or const char * (see ptr); empty is JSON null when nullable */
	LIST_TIME, /* char[20] "YYYY-MM-DD hh:mm:ss" UTC: ISO 8601 in JSON (null when "") and CSV;
		    * in HTML <KEY> in the display zone, named, and <KEY>_ISO for <time datetime> */
	LIST_ENUM, /* int index into names (JSON, CSV, template value) and words (display) */
	LIST_BOOL, /* bool: JSON true/false, CSV yes/no, template section <KEY> shown when true */
	LIST_STRS, /* struct list_strs: JSON array, CSV joined by spaces, template <KEY>_ITEM
		    * sections with {{VALUE}} and a NO_<KEY> section when empty */
};

/* A list of strings in a row (e.g. a resident's keys); v points into the query's arena. */
struct list_strs {
	const char *const *v;
	size_t n;
};

/* Split text on sep into out, the strings copied into the arena (no text: no strings) — for a
 * column read as one GROUP_CONCAT. Returns 0, or -1 when memory runs out. */
int list_strs_split(struct arena *a, const struct buf *text, char sep, struct list_strs *out);

/* One column of a list: a member of the row struct and how it reads. */
struct list_col {
	const char *key;   /* JSON member; template variable in upper case; sort key */
	const char *label; /* heading in the table and the CSV; NULL: in JSON only */
	enum list_type type;
	size_t off;		  /* offsetof(row struct, member) */
	bool ptr;		  /* LIST_TEXT: the member is a const char * (NULL reads as "") */
	bool nullable;		  /* LIST_TEXT: "" is JSON null (and CSV empty) */
	bool custom_json;	  /* the spec's row_json writes this member itself */
	bool csv_only;		  /* a CSV column, not a heading of the HTML table */
	bool has;		  /* LIST_TEXT: the template has a HAS_<KEY> section, shown when
				   * the value is not empty (a section a row makes costs) */
	const char *const *names; /* LIST_ENUM */
	const char *const *words; /* LIST_ENUM: the words shown (defaults to names) */
};

/* A column table entry: LIST_COL("name", "Name", LIST_TEXT, offsetof(struct row, name)),
 * with any other member after it (.nullable = true, ...). */
#define LIST_COL(k, lbl, t, o, ...)                                                                \
	{                                                                                          \
		.key = (k), .label = (lbl), .type = (t), .off = (o), __VA_ARGS__                   \
	}

/* One page to read, as the engine asks a query function for it. */
struct list_q {
	size_t sort;		   /* index into the spec's sorts */
	bool desc;		   /* the direction to read in (flipped for a "before" page) */
	const struct cursor *from; /* resume strictly after this row in that order; NULL: start */
	size_t limit;		   /* rows to read at most (a page and one more) */
	const void *filter;	   /* the list's own filter, as the tab filled it */
	const struct session *who; /* whose camera scope applies (scope.h; NULL: none) */
	struct arena *arena;	   /* for what rows point to; lives until the rows are written */
};

/* Hand one row (a pointer to the list's row struct) to the engine; non-zero stops the query.
 * The engine may copy the struct: what a row points to must be static or in q->arena, never
 * inside the row itself. */
typedef int (*list_emit_fn)(void *emit_arg, const void *row);
/* Read the page q describes, calling emit for each row in order. Returns the number of rows or
 * a negative enum db_rc. */
typedef int (*list_query_fn)(struct db *db, const struct list_q *q, list_emit_fn emit,
			     void *emit_arg);

/* Complete row from the columns just fetched into out (the text ones are already in place).
 * Returns 0, or -1 for a row that makes no sense (the query then fails with DB_ERR). */
typedef int (*list_fill_fn)(void *row, const struct db_col *out);
/* The one fetch loop of every query function: run q, and for each row fill(row, q->out), then
 * emit(arg, row), until the rows end or emit says stop. Returns the number of rows emitted, or
 * a negative enum db_rc. */
int list_fetch(struct db *db, struct db_query *q, list_fill_fn fill, void *row, list_emit_fn emit,
	       void *arg);

struct list;

/* What a list is. */
struct list_spec {
	const char *name; /* cursor tag and CSV file name part: "cameras" */
	const struct list_col *cols;
	size_t ncols;
	const char *const *sorts; /* column keys it can be sorted by, NULL-terminated; the first
				   * is the default; with one, the order is fixed */
	bool desc;		  /* the default direction */
	size_t row_size;	  /* sizeof the row struct */
	size_t id_off;		  /* offsetof its int64_t row id, the cursor's tie-breaker */
	list_query_fn query;
	const char *tpl;      /* the template */
	const char *title;    /* a full page with this title (layout.tpl); NULL: a fragment */
	const char *pager[3]; /* words for First, Previous, Next; NULL: "First page"... */
	/* Optional: more of a row than the columns say. Return 0, or -1 when memory runs out. */
	int (*row_html)(struct list *l, struct tmpl_dict *row, const void *r);
	int (*row_json)(struct list *l, struct cJSON *item, const void *r);
	/* Optional: more of the page (filters, counts) into d / root. 0 or -1 as above. */
	int (*page_html)(struct list *l, struct tmpl_dict *d);
	int (*page_json)(struct list *l, struct cJSON *root);
};

/* What a route hands list_serve besides the spec. */
struct list_args {
	const char *path;     /* the list's URL: "/admin/users/1001/cameras" */
	const void *filter;   /* the list's own filter, passed to the query function */
	const void *arg;      /* anything the spec's hooks need (e.g. counts) */
	const char *csv_name; /* download name: "user-1001-cameras.csv" (ASCII, no quotes) */
	/* Optional: once the first page is read, before anything is answered. What a page shows
	 * besides its rows (the tab's user, counts: its head) comes with every row of the page's
	 * own statement; here the route judges it, or reads it when the page was empty. 0 to
	 * answer, or a status already recorded (a user that does not exist or was deleted). */
	int (*check)(struct list *l);
};

/* The state of one answer, for the hooks. */
struct list {
	struct ctx *c;
	const struct list_spec *spec;
	const struct list_args *args;
	size_t sort, limit;
	bool desc;
	uint64_t fp;
	const struct cursor *after, *before;
};

/* Answer a list route: read the shared inputs (a cursor of another list, order or filter is
 * 400), then HTML, JSON (Accept: application/json) or CSV (format=csv). Returns the status:
 * 200, 400, 500, or 503 while the database is away. */
int list_serve(struct ctx *c, const struct list_spec *spec, const struct list_args *args);

/* A parameter of a link; a NULL or "" value leaves it out. */
struct list_param {
	const char *name;
	const char *value;
};

/* Set key in d to the list's URL with the filters in force (every declared query input but the
 * cursors and format), limit, sort and dir, with the parameters of over replacing or adding
 * to them (a "" value removes one). Returns 0, or -1 when memory runs out. */
int list_link(struct list *l, struct tmpl_dict *d, const char *key, const struct list_param *over,
	      size_t nover);

#endif
