/* analytics.h — analytics licences per level and the cases that draw on them
 * (spec/PRODUCT-NOTES.md, "Analytics licences"). The rules, in one place:
 *   - whose licences: a user's own; a sub-user uses its parent's;
 *   - which levels a user holds: those whose licence total is above 0 (analytics_levels_held —
 *     the one answer every other rule reads: the header's tab bar, the Analytics tab, the Access
 *     settings editor and its Save, the Sub-users tab's permission counts);
 *   - Used: the cameras of the live cases of a level held, of the licences' owner and its
 *     sub-users (a case with two cameras uses two; a camera in two cases uses two);
 *   - a level not held hides its cases at once; they are purged once its licence has been 0 for
 *     more than 7 days: gone when revoked_at < UTC_TIMESTAMP() - INTERVAL 7 DAY, the comparison
 *     purge_expired() makes (sql/011), so a case is visible, hidden with its deletion date, or
 *     gone, to the second. */
#ifndef VMS_ANALYTICS_H
#define VMS_ANALYTICS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "audit.h"
#include "db.h"
#include "list.h"

/* The levels of the catalogue (sql/010: analytics_levels ids 1, 2, 3): level id = index + 1. */
enum { ANALYTICS_LEVELS = 3 };
extern const char *const analytics_level_names[]; /* "L1", "L2", "L3", NULL */

/* The bit of level id in a mask of levels. */
#define ANALYTICS_BIT(level) (1u << (unsigned)(level))

/* Analytics case statuses in the schema's ENUM order, and the words that show them. */
enum { ANALYTICS_STATUSES = 4 };
extern const char *const analytics_status_names[]; /* "active", "partially_active", ... */
extern const char *const analytics_status_words[]; /* "active", "partially active", ... */

/* One level's licences, as the owner holds them. */
struct analytics_licence {
	int level;	     /* analytics_levels.id */
	char code[36];	     /* "L1" */
	char label[260];     /* "Basic detection" */
	int64_t total;	     /* licences sold (0 when none) */
	char revoked_at[20]; /* "" unless the total went to 0: when, "YYYY-MM-DD hh:mm:ss" UTC */
	char delete_on[20];  /* revoked_at + 7 days: when that level's cases are purged */
	bool expired;	     /* revoked over 7 days ago: its cases are gone */
};

struct analytics_licences {
	int64_t owner_id; /* whose licences: the user, or a sub-user's parent */
	bool subuser;	  /* the user draws on its parent's licences */
	unsigned held;	  /* ANALYTICS_BIT(level) for each level with a total above 0 */
	struct analytics_licence lv[ANALYTICS_LEVELS];
};

/* The licences user_id draws on, per level. Returns 1, 0 when there is no such user, or a
 * negative enum db_rc. */
int analytics_licences(struct db *db, int64_t user_id, struct analytics_licences *out);
/* Which analytics levels user_id holds (its parent's licences for a sub-user): a mask of
 * ANALYTICS_BIT(level). 0 for no such user. Returns DB_OK or a negative enum db_rc. */
int analytics_levels_held(struct db *db, int64_t user_id, unsigned *held);

/* A level's use, from the cases. */
struct analytics_use {
	int64_t used;	  /* cameras in the live cases of a level held (the owner's and its
			   * sub-users'); 0 for a level not held */
	int64_t used_own; /* of which in user_id's own cases */
	int64_t hidden;	  /* user_id's own cases of a level not held, not yet gone */
};

/* The use of each level (index level - 1) by user_id under lic. Returns DB_OK or a negative
 * enum db_rc. */
int analytics_usage(struct db *db, int64_t user_id, const struct analytics_licences *lic,
		    struct analytics_use use[ANALYTICS_LEVELS]);
/* Whether a profile offers the Analytics tab, from its licences and use: it holds a licence of
 * some level, or has hidden cases not yet gone. */
bool analytics_offered_by(const struct analytics_licences *lic,
			  const struct analytics_use use[ANALYTICS_LEVELS]);
/* The same for user_id, read from the database (the header's tab bar). Returns DB_OK or a
 * negative enum db_rc. */
int analytics_offered(struct db *db, int64_t user_id, bool *offered);

/* A licence total's inputs, for the route's table (the program's enum names the indexes): the
 * level by its code (analytics_level_names; its id is the index + 1) and the total, a whole
 * number from 0 to ANALYTICS_TOTAL_MAX. */
#define ANALYTICS_TOTAL_MAX 100000
#define ANALYTICS_LICENCE_INPUTS(LEVEL, TOTAL)                                                     \
	[LEVEL] = {.name = "level",                                                                \
		   .src = REQ_FORM,                                                                \
		   .check = req_enum,                                                              \
		   .choices = analytics_level_names,                                               \
		   .required = true},                                                              \
	[TOTAL] = {.name = "total",                                                                \
		   .src = REQ_FORM,                                                                \
		   .check = req_int,                                                               \
		   .min = 0,                                                                       \
		   .max = ANALYTICS_TOTAL_MAX,                                                     \
		   .required = true}

/* Set the licence total of a level for a user that owns licences (not a sub-user), in one
 * transaction with its audit row: to 0 stamps revoked_at (the level's cases hide at once), above
 * 0 clears it (they show again, nothing lost, until they are gone). */
struct analytics_set {
	int64_t user_id;
	int level;		/* analytics_levels.id */
	int64_t total;		/* 0 .. ANALYTICS_TOTAL_MAX */
	struct audit_entry who; /* admin, address, user agent (action and detail are set here) */
	int64_t old_total;	/* out: the total before */
};

enum analytics_refusal {
	ANALYTICS_NO_USER = 1,
	ANALYTICS_DELETED, /* the user was deleted */
	ANALYTICS_SUBUSER, /* a sub-user has no licences of its own */
};

/* Returns DB_OK (set, or already so: old_total == total, nothing written), an enum
 * analytics_refusal, or a negative enum db_rc (DB_ERR, with no query, for a level or total out
 * of range). */
int analytics_set_total(struct db *db, struct analytics_set *s);

/* The Analytics tab's list: a user's cases of the levels it holds. */
struct analytics_case_row {
	int64_t id;
	char name[1024];
	char type[516];		       /* the analytics type: its permission's label */
	char slug[260];		       /* ... and slug */
	int level;		       /* index into analytics_level_names */
	int status;		       /* index into analytics_status_names */
	int64_t cameras;	       /* cameras assigned: the licences it uses */
	struct list_strs camera_names; /* the names of those in the admin's scope (at most
					* ANALYTICS_NAMES_MAX), in the query's arena */
	int64_t cameras_hidden;	       /* cameras outside the admin's scope */
	int64_t events;
	char created_at[20];
};

#define ANALYTICS_NAMES_MAX 20

/* Which cases. */
struct analytics_filter {
	int64_t user_id;
	unsigned held; /* analytics_levels_held: cases of other levels are hidden */
	int level;     /* index into analytics_level_names, or -1 for all */
	int status;    /* index into analytics_status_names, or -1 for all */
};

/* The orders of the list; analytics_sort_names lists them for the "sort" input. */
enum analytics_sort {
	ANALYTICS_SORT_CREATED,
	ANALYTICS_SORT_NAME,
	ANALYTICS_SORT_LEVEL,
	ANALYTICS_SORT_STATUS
};
extern const char *const analytics_sort_names[]; /* "created_at", "name", "level", "status" */

/* The Analytics tab's query function (list.h): lq->filter a struct analytics_filter, lq->who
 * the scope of the camera names. Returns the number of rows or a negative enum db_rc. */
int analytics_cases(struct db *db, const struct list_q *lq, list_emit_fn emit, void *arg);

#endif
