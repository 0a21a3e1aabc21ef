/* tmpl.h — C API over the packaged ctemplate (C++): dictionaries, sections, expansion.
 * Every template must begin with {{%AUTOESCAPE context="HTML"}}; tmpl_init refuses others. */
#ifndef VMS_TMPL_H
#define VMS_TMPL_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A template compiled into the binary (see the Makefile's embedding rule). */
struct tmpl_file {
	const char *name;
	const unsigned char *data;
	size_t len;
};

/* A dictionary of one expansion's tree. The root owns the whole tree; a failure (out of memory)
 * in any call on a dictionary of the tree makes that root's tmpl_expand fail, and no other. */
struct tmpl_dict;

/* Load and parse every template once, at start-up: from dir when it is non-empty (development
 * override, same names), else the embedded copies. Returns 0, or -1 after printing which one
 * failed and why. */
int tmpl_init(const struct tmpl_file *files, size_t n, const char *dir);
/* The root dictionary for one expansion; free it with tmpl_dict_free. NULL on failure. */
struct tmpl_dict *tmpl_dict_new(void);
/* Free the tree of root d (NULL does nothing). */
void tmpl_dict_free(struct tmpl_dict *d);
/* Set a variable (the value is copied and escaped at expansion). */
void tmpl_set(struct tmpl_dict *d, const char *key, const char *value);
void tmpl_set_int(struct tmpl_dict *d, const char *key, int64_t value);
/* Add one more row of a repeated section and return its dictionary (owned by d). */
struct tmpl_dict *tmpl_section(struct tmpl_dict *d, const char *section);
/* Show a section once without a dictionary of its own. */
void tmpl_show(struct tmpl_dict *d, const char *section);
/* Fill {{>marker}} with template file, returning the include's dictionary (owned by d). */
struct tmpl_dict *tmpl_include(struct tmpl_dict *d, const char *marker, const char *file);
/* Expand template name with d, appending to out. Returns 0, or -1 (nothing usable in out). */
int tmpl_expand(const char *name, struct tmpl_dict *d, struct buf *out);

#ifdef __cplusplus
}
#endif

#endif
