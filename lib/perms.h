/* perms.h — the permission catalogue (product data, sql/010) and each user's granted set: what
 * the Access settings editor shows, its Save, and the defaults a new user is given.
 *
 * Analytics permissions follow licences (analytics.h): one whose level the user does not hold
 * (for a sub-user: its parent) is unavailable. An unavailable permission already granted stays
 * stored, is shown disabled with the reason, and counts as not granted everywhere else; a save
 * never adds one (422) and leaves a stored one as it is, so nothing is lost when the licence
 * comes back. Each user's set has a version: a save based on an older one is refused (409). */
#ifndef VMS_PERMS_H
#define VMS_PERMS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "audit.h"
#include "db.h"
#include "req.h"

/* One permission of the catalogue, as it stands for one user. */
struct perm {
	int64_t id;
	char slug[260];
	char group[260];     /* "Archive", ..., "Analytics" */
	char label[516];     /* "View archive" */
	int level;	     /* analytics level id, 0 for a permission that is not analytics */
	char level_code[36]; /* "L1"; "" for none */
	bool granted;	     /* stored for the user */
	bool available;	     /* not analytics, or its level is held */
};

/* The catalogue, in display order, for one user. */
struct perm_set {
	int64_t user_id;
	int64_t version; /* of the user's set: users.permissions_version */
	bool subuser;	 /* its licences are its parent's (the reasons say so) */
	unsigned held;	 /* analytics_levels_held */
	size_t n;
	struct perm *v; /* in the arena given */
};

/* Load the catalogue with user_id's grants, version and availability into out; out->v is
 * allocated from a. Returns 1, 0 when there is no such user, or a negative enum db_rc. */
int perms_load(struct db *db, int64_t user_id, struct arena *a, struct perm_set *out);
/* The number of granted permissions that count (granted and available). */
size_t perms_effective(const struct perm_set *s);
/* Why p is unavailable, into out: "no L3 licence" or "parent has no L3 licence". */
void perms_reason(const struct perm_set *s, const struct perm *p, char *out, size_t cap);

/* A save: the user's set becomes exactly slugs (a slug given twice counts once) among the
 * available permissions; unavailable ones keep their stored state. */
struct perm_save {
	int64_t user_id;
	int64_t version;	  /* the version the editor was rendered from */
	const char *const *slugs; /* the permissions to hold */
	size_t nslugs;
	struct audit_entry who; /* admin, address, user agent (action and detail set here) */
	struct arena *arena;
	/* out */
	size_t added, removed;
	char problem[600]; /* a refusal's detail: the slug, or who changed the set when */
};

enum perms_refusal {
	PERMS_NO_USER = 1,
	PERMS_TOO_MANY,	   /* more slugs than the catalogue holds (problem: the counts) */
	PERMS_UNKNOWN,	   /* problem: the slug */
	PERMS_DELETED,	   /* the user was deleted */
	PERMS_STALE,	   /* the set changed since version (problem: by whom, when, what) */
	PERMS_UNAVAILABLE, /* would grant an unavailable permission (problem: which, and why) */
};

/* A save's inputs, for the route's table (the program's enum names the indexes): the version
 * the editor was rendered from, and the permissions to hold — perm once per box ticked (a form)
 * or granted as a JSON list, each a slug of at most PERMS_SLUG_MAX token characters. */
#define PERMS_SLUG_MAX 64
#define PERMS_SAVE_INPUTS(VERSION, PERM, GRANTED)                                                  \
	[VERSION] = {.name = "version",                                                            \
		     .src = REQ_FORM,                                                              \
		     .check = req_int,                                                             \
		     .min = 0,                                                                     \
		     .max = UINT32_MAX,                                                            \
		     .required = true},                                                            \
	[PERM] = {.name = "perm",                                                                  \
		  .src = REQ_FORM,                                                                 \
		  .check = req_token,                                                              \
		  .max = PERMS_SLUG_MAX,                                                           \
		  .many = true},                                                                   \
	[GRANTED] = {.name = "granted",                                                            \
		     .src = REQ_FORM,                                                              \
		     .check = req_token,                                                           \
		     .max = PERMS_SLUG_MAX,                                                        \
		     .many = true}

/* What a save decides before it changes anything, from the user's set as read (deleted: the
 * user is), with no database: in this order, more slugs than the catalogue holds
 * (PERMS_TOO_MANY), an unknown slug (PERMS_UNKNOWN), a deleted user (PERMS_DELETED), a set of
 * another version than s->version (PERMS_STALE; s->problem is left empty for the caller, who
 * can say who changed it), an unavailable permission not already held (PERMS_UNAVAILABLE).
 * want (set->n entries) gets which permissions are to be held. Returns 0 or that enum
 * perms_refusal, with s->problem saying why. */
int perms_plan(const struct perm_set *set, bool deleted, struct perm_save *s, bool *want);

/* Apply s in one transaction: lock the user, check, replace the set, bump the version and write
 * the audit row (admin, user, address, slugs added and removed) — nothing when nothing changes.
 * Returns DB_OK, an enum perms_refusal (nothing changed), or a negative enum db_rc. */
int perms_save(struct db *db, struct perm_save *s);

/* Each permission code user_id holds, in catalogue order, to fn, which returns 0 to go on or a
 * negative enum db_rc to stop with it. Returns DB_OK or a negative enum db_rc. */
int perms_each_held(struct db *db, int64_t user_id, int (*fn)(void *arg, const char *code),
		    void *arg);

/* Give user_id the default permissions of its kind ("billing", "admin" or "subuser"), inside
 * the caller's transaction. Returns DB_OK or a negative enum db_rc. */
int perms_give_defaults(struct db *db, int64_t user_id, const char *kind);

#endif
