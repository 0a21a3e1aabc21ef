/* cameras.h — a user's cameras as the signed-in administrator may see them: keyset pages
 * under any sort, counts per status, and one camera's general data. The scope rule is part of
 * every query here: a superadmin sees every camera, an ordinary admin only those granted to it
 * in admin_cameras; nothing outside that is ever read, counted or returned. */
#ifndef VMS_CAMERAS_H
#define VMS_CAMERAS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "db.h"
#include "list.h"
#include "session.h"
#include "tab.h"

/* Camera statuses in the schema's ENUM order, and the words that show them. */
enum { CAMERA_STATUSES = 4 };
extern const char *const cameras_status_names[]; /* "active", "partially_active", ..., NULL */
extern const char *const cameras_status_words[]; /* "active", "partially active", ... */

/* The orders of the Cameras tab; cameras_sort_names lists them for the "sort" input. */
enum camera_sort { CAMERA_SORT_ID, CAMERA_SORT_NAME, CAMERA_SORT_STATUS, CAMERA_SORT_LOCATION };
extern const char *const cameras_sort_names[]; /* "id", "name", "status", "location", NULL */

struct camera_row {
	int64_t id;
	char name[1024];
	int status;	     /* index into cameras_status_names */
	int64_t location_id; /* 0 when the camera has no location */
	char address[1024];  /* "" when none */
	bool blocked;	     /* the user is paused: the camera shows as blocked */
};

/* How many of a user's cameras who sees, per status, and how many it does not. */
struct camera_counts {
	int64_t by_status[CAMERA_STATUSES]; /* those who may see that match f's search (not its
					     * status: each count says what that filter shows) */
	int64_t outside_scope;		    /* the user's cameras outside who's scope, whatever
					     * the search: a number, nothing else of them */
};

/* What the Cameras tab's statement reads besides its rows (cameras_tab_page): the tab's user,
 * and the counts — final unless the search is by name (then by_status is still to count, with
 * cameras_counts; outside_scope is final). */
struct camera_head {
	struct tab_head user;
	struct camera_counts counts;
	bool counted; /* counts.by_status is final */
};

/* Which of a user's cameras. A search that is a number is a camera ID; any other text is part of
 * the name (literally: % and _ are not wildcards). */
struct camera_filter {
	int64_t user_id;
	const char *q; /* an ID or part of the name; "" for all */
	int status;    /* index into cameras_status_names, or -1 for all */
	bool paused;   /* cameras_list: the user is paused by billing, every row comes blocked */
	struct camera_head *head; /* cameras_tab_page: where the statement's head goes */
};

/* The Cameras tab's query function (list.h): the page, and in the same statement — guarded by
 * the signed-in admin's session lq->who (session.h), whose scope it is — the tab's user and the
 * counts into f->head, which every row carries (lq->filter is a struct camera_filter, lq->sort
 * an enum camera_sort); an empty page leaves f->head->user.found false. A row shows blocked
 * while the user is paused. Every order and filter is an index range over the user's cameras
 * that stops after the page (migration 060); a search by ID reads one row. Returns the number
 * of rows or a negative enum db_rc. */
int cameras_tab_page(struct db *db, const struct list_q *lq, list_emit_fn emit, void *arg);
/* The head alone — the user and the counts into f->head — for an empty page, guarded by who's
 * session. Returns 1, 0 when there is no such user (or the guard refused), or a negative enum
 * db_rc. */
int cameras_tab_head(struct db *db, const struct session *who, const struct camera_filter *f);
/* The same page alone, rows blocked when f->paused (the web client's My cameras). */
int cameras_list(struct db *db, const struct list_q *lq, list_emit_fn emit, void *arg);
/* Count f's cameras per status that who may see and that match f's name search, into
 * out->by_status (the only count that reads the user's cameras one by one: a name can match
 * anywhere). Returns DB_OK or a negative enum db_rc. */
int cameras_counts(struct db *db, const struct session *who, const struct camera_filter *f,
		   struct camera_counts *out);

struct camera {
	int64_t id;
	char external_id[260]; /* "" when none (added in the web client) */
	char name[1024];
	int status;
	int64_t location_id; /* 0 when none */
	char address[1024];
	char mac[72];
	char serial[260];
	int64_t archive_days;
	char created_at[20]; /* "YYYY-MM-DD hh:mm:ss" UTC */
	int64_t users;	     /* live (not deleted) users that have it */
};

/* One user that has a camera. */
struct camera_user {
	int64_t id;
	char username[1024];
	char login[1024];
	bool deleted; /* deleted, kept 30 days */
};
typedef int (*camera_user_fn)(void *arg, const struct camera_user *u);

#define CAMERA_USERS_MAX 100 /* users a camera card lists at most */

/* Call fn for the users that have camera id (live ones first, by id), at most
 * CAMERA_USERS_MAX; *more tells whether others exist. The caller has checked that who may see
 * the camera. Returns the number of users or a negative enum db_rc. */
int cameras_users(struct db *db, int64_t id, camera_user_fn fn, void *arg, bool *more);
/* The name of user_id when that user has camera id, into name (1024 bytes). Returns 1, 0 when
 * it does not (or there is no such user), or a negative enum db_rc. */
int cameras_user_name(struct db *db, int64_t id, int64_t user_id, char name[1024]);

/* Load camera id if who may see it. Returns 1, 0 when there is no such camera or it is
 * outside who's scope (the two are indistinguishable), or a negative enum db_rc. */
int cameras_get(struct db *db, const struct session *who, int64_t id, struct camera *cam);

#endif
