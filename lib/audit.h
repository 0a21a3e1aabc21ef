/* audit.h — the trail of administrators' actions (audit_log): who (admin), on whom (user), what
 * (one of the action names below, with a detail), when, from where (address, user agent). The
 * one way to write it, and the one query that reads it (the Audit tab and /admin/audit). Any
 * action name may be in the log: a known one reads by its label, any other by its name. */
#ifndef VMS_AUDIT_H
#define VMS_AUDIT_H

#include <stdbool.h>
#include <stdint.h>

#include "app.h"
#include "db.h"
#include "list.h"

/* The actions. */
#define AUDIT_SIGN_IN "admin.sign_in"
#define AUDIT_SIGN_IN_FAILED "admin.sign_in_failed"
#define AUDIT_SIGN_OUT "admin.sign_out"
#define AUDIT_PERMISSIONS "user.permissions"	     /* detail: "+slug -slug ..." */
#define AUDIT_LICENCES "user.licences"		     /* detail: "L1: 2 -> 5" */
#define AUDIT_LOGIN_AS_ISSUED "user.login_as.issued" /* a Log in as User link made */
#define AUDIT_LOGIN_AS_USED "user.login_as.used"     /* ... and used by the web client */
#define AUDIT_SYNC_REQUESTED "user.sync.requested"
#define AUDIT_SYNC_DONE "user.sync.done"
#define AUDIT_SYNC_FAILED "user.sync.failed"

/* The known action names, NULL-terminated, in the order a filter offers them. */
extern const char *const audit_actions[];
/* The label of an action: its words for a known name ("Synchronize cameras: requested"), else
 * the name itself. */
const char *audit_label(const char *action);

#define AUDIT_DETAIL_MAX 2000 /* bytes kept of a detail (cut at a character boundary) */

struct audit_entry {
	int64_t admin_id;	 /* 0: none (e.g. an unknown login) */
	int64_t user_id;	 /* 0: not about a user */
	const char *action;	 /* one of AUDIT_* */
	const char *detail;	 /* NULL, or text */
	const char *remote_addr; /* NULL when unknown */
	const char *user_agent;	 /* NULL when unknown */
};

/* Write one row. Inside a transaction (db_tx) it is part of it, else it is a transaction of its
 * own. Returns DB_OK or a negative enum db_rc. */
int audit_write(struct db *db, const struct audit_entry *e);
/* The admin, address and user agent of c's request, for a row that lib/ writes later inside a
 * transaction of its own (it sets user_id, action and detail). */
struct audit_entry audit_who(const struct ctx *c);
/* Write the row of the signed-in admin's request c about user_id (0: none): admin, address and
 * user agent from c. Returns DB_OK or a negative enum db_rc. */
int audit_request(struct ctx *c, int64_t user_id, const char *action, const char *detail);

/* Reading the trail ---------------------------------------------------------------------- */

/* One row of the trail. */
struct audit_row {
	int64_t id;
	char created_at[20]; /* "YYYY-MM-DD hh:mm:ss" UTC */
	int64_t admin_id;    /* 0: none */
	char admin[260];     /* its login; "" for none */
	int64_t user_id;     /* 0: not about a user */
	char username[1024];
	char action[260];
	const char *label;  /* audit_label(action), in the query's arena */
	const char *detail; /* "" when none, in the query's arena */
	char remote_addr[260];
	char user_agent[1024];
};

struct tab_head;

/* Which rows. */
struct audit_filter {
	int64_t user_id;       /* > 0: the actions on this user only (the Audit tab) */
	struct tab_head *head; /* with user_id: where the statement's head (the user) goes */
	int64_t admin_id;      /* > 0: this administrator's actions only */
	const char *action;    /* NULL: every action */
	const char *from; /* "YYYY-MM-DD" in the display zone: from that day on; NULL: the start */
	const char *to; /* "YYYY-MM-DD" in the display zone: up to that day, included; NULL: now */
};

/* The trail's query function (list.h): lq->filter's rows, by (created_at, id) — newest first
 * is lq->desc, the sort "created_at" — guarded by the signed-in admin's session lq->who
 * (session.h); for one user, the same statement reads the user into filter->head. Each filter
 * has an index ending in created_at, so a page costs the same at any depth and over any date
 * range. Returns the number of rows or a negative enum db_rc. */
int audit_list(struct db *db, const struct list_q *lq, list_emit_fn emit, void *arg);

/* The action names in the log that are none of audit_actions, each once, in name order (a
 * filter offers them after the known ones): fn(arg, name) for each, looking at no more than
 * 200 names. Returns DB_OK or a negative enum db_rc. */
int audit_action_names(struct db *db, void (*fn)(void *arg, const char *name), void *arg);
/* Every administrator (id, login), by login, for a filter's choices. Returns DB_OK or a
 * negative enum db_rc. */
int audit_admins(struct db *db, void (*fn)(void *arg, int64_t id, const char *login), void *arg);

#endif
