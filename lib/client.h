/* client.h — what the web client (/app/) shows a subscriber: their cameras and intercoms with the
 * actions their permissions allow, and their sub-users. The permissions the client knows are one
 * table, client_permissions: a permission slug (Access settings) and what the client shows for
 * it — an action label on each camera or intercom, or a section of its own. A permission not in
 * the table shows nothing; one the user lacks shows nothing. */
#ifndef VMS_CLIENT_H
#define VMS_CLIENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cameras.h"
#include "db.h"
#include "intercoms.h"
#include "list.h"
#include "users.h"

/* Where a permission shows in the client. */
enum client_on {
	CLIENT_ON_CAMERA,   /* an action label on each camera (not on blocked cameras) */
	CLIENT_ON_INTERCOM, /* an action label on each intercom apartment */
	CLIENT_ON_SECTION,  /* a section of the client (its page and its link) */
};

/* The permissions the client knows, indexes into client_permissions and bits of a mask. */
enum client_permission {
	CLIENT_ARCHIVE,
	CLIENT_DOWNLOAD,
	CLIENT_PREVIEW,
	CLIENT_EVENTS,
	CLIENT_MARKS,
	CLIENT_PTZ,
	CLIENT_OPEN_DOOR,
	CLIENT_INTERCOMS,
	CLIENT_SUBUSERS,
	CLIENT_NPERMISSIONS
};

struct client_permission_label {
	const char *slug;  /* the permission's code: "archives-show" */
	const char *label; /* what the client shows: "Archive" */
	enum client_on on;
};

/* The one table: slug -> label, indexed by enum client_permission. */
extern const struct client_permission_label client_permissions[CLIENT_NPERMISSIONS];

#define CLIENT_BIT(p) ((uint32_t)1 << (p))

/* The permissions of the table that user_id holds, as a mask of CLIENT_BIT()s into *mask.
 * Returns DB_OK or a negative enum db_rc. */
int client_permissions_of(struct db *db, int64_t user_id, uint32_t *mask);

/* My cameras ---------------------------------------------------------------------------- */

/* A camera as the client lists it: the Cameras tab's row, whether it is blocked, and the
 * labels of the actions allowed on it (static strings; an array in the query's arena). */
struct client_camera_row {
	struct camera_row cam;
	bool blocked;
	struct list_strs actions;
};

struct client_camera_filter {
	int64_t user_id;
	uint32_t allowed; /* client_permissions_of */
	bool blocked;	  /* the user is paused: every camera blocked, no action */
};

/* My cameras' query function (list.h), on cameras_list: lq->filter is a struct
 * client_camera_filter, lq->sort an enum camera_sort, lq->who the scope (NULL: the user's own
 * session sees all their cameras). Returns the number of rows or a negative enum db_rc. */
int client_cameras(struct db *db, const struct list_q *lq, list_emit_fn emit, void *arg);

/* My intercoms -------------------------------------------------------------------------- */

/* An apartment link as the client lists it: the Intercoms tab's row and the intercom actions
 * allowed (static strings; an array in the query's arena). */
struct client_intercom_row {
	struct intercom_row ic;
	struct list_strs actions;
};

struct client_intercom_filter {
	int64_t user_id;
	uint32_t allowed;
};

/* My intercoms' query function (list.h), on intercoms_of_user: lq->filter is a struct
 * client_intercom_filter. Returns the number of rows or a negative enum db_rc. */
int client_intercoms(struct db *db, const struct list_q *lq, list_emit_fn emit, void *arg);

/* My sub-users -------------------------------------------------------------------------- */

struct client_subuser_row {
	int64_t id;
	char username[USERS_TEXT];
	char login[USERS_TEXT];
	char created_at[20];
};

struct client_subuser_filter {
	int64_t parent_id;
};

/* My sub-users' query function (list.h): the live sub-users of lq->filter's parent (a struct
 * client_subuser_filter), by id (sort "id"). Returns the number of rows or a negative enum
 * db_rc. */
int client_subusers(struct db *db, const struct list_q *lq, list_emit_fn emit, void *arg);

#endif
