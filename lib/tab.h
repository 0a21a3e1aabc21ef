/* tab.h — what the profile's list tabs share: the user a tab is about (404 when unknown or
 * deleted), the page-size and sort-direction inputs, links that keep the filters in force,
 * sortable column headers and the pager (lib/templates/thead.tpl and pager.tpl), and CSV
 * downloads. */
#ifndef VMS_TAB_H
#define VMS_TAB_H

#include <stdbool.h>
#include <stddef.h>

#include "app.h"
#include "buf.h"
#include "cursor.h"
#include "tmpl.h"
#include "users.h"

#define TAB_MAX_PARAMS 12

/* Choices for the declared inputs "limit" (page size; the first is the default) and "dir". */
extern const char *const tab_limit_choices[]; /* "25", "50", "100" */
extern const char *const tab_dir_choices[];   /* "asc", "desc" */
/* The validated "limit" of the request as a number (25 when absent). */
size_t tab_limit(const struct req *r);

/* Load the user named by the path's "id" into u (u->info is left empty and needs no free).
 * Returns 0, or the status already recorded: 404 for an unknown user, 404 "This user was
 * deleted" for a deleted one (its profile keeps only the history tabs), 503/500. */
int tab_user(struct ctx *c, struct user *u);

struct tab_param {
	const char *name;
	const char *value; /* NULL or "" leaves the parameter out */
};

/* Append path?name=value&... to out, names and values percent-encoded (RFC 3986 unreserved
 * characters kept). Returns 0, or -1 when memory runs out. */
int tab_url(struct buf *out, const char *path, const struct tab_param *p, size_t n);

/* A list as its links need it. */
struct tab_list {
	const char *path;	      /* the tab's URL, e.g. "/admin/users/1001/cameras" */
	const struct tab_param *keep; /* the filters in force, kept on every link */
	size_t nkeep;		      /* at most TAB_MAX_PARAMS - 3 */
	const char *sort;	      /* the sort column's key, or NULL for a fixed order */
	bool desc;
};

struct tab_col {
	const char *label;
	const char *key; /* the "sort" value for this column, or NULL when it cannot sort */
};

/* Fill {{>THEAD}} of d with the column headers: a sortable column links to the first page
 * sorted by it (ascending, or reversed when it is the current sort) and carries aria-sort.
 * Returns 0, or -1 when memory runs out. */
int tab_head(struct tmpl_dict *d, const struct tab_list *l, const struct tab_col *cols, size_t n);
/* Fill {{>PAGER}} of d: "First page" when paged (a cursor was given), "Next page" when next
 * is non-NULL. Returns 0 or -1. */
int tab_pager(struct tmpl_dict *d, const struct tab_list *l, const char *next, bool paged);
/* Set key in d to the list's URL with extra parameters added (e.g. format=csv, status=x).
 * Returns 0 or -1. */
int tab_link(struct tmpl_dict *d, const char *key, const struct tab_list *l,
	     const struct tab_param *extra, size_t nextra);

/* Add "next" to a list's JSON answer: the encoded cursor when next->id is set, else null.
 * Returns 0 or -1 when memory runs out. */
int tab_json_next(struct cJSON *root, const struct cursor *next);

/* Make the answer a CSV download named filename (ASCII, no quotes). */
void tab_download(struct ctx *c, const char *filename);

#endif
