/* audit.h — the trail of administrators' actions (audit_log): who (admin), on whom (user), what
 * (one of the action names below, with a detail), when, from where (address, user agent). The
 * one way to write it; the Audit tab and /admin/audit read it. */
#ifndef VMS_AUDIT_H
#define VMS_AUDIT_H

#include <stdint.h>

#include "app.h"
#include "db.h"

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

#define AUDIT_DETAIL_MAX 2000 /* bytes kept of a detail (cut at a character boundary) */

struct audit_entry {
	int64_t admin_id;	 /* 0: none (e.g. an unknown login) */
	int64_t user_id;	 /* 0: not about a user */
	const char *action;	 /* one of AUDIT_* */
	const char *detail;	 /* NULL, or text */
	const char *remote_addr; /* NULL when unknown */
	const char *user_agent;	 /* NULL when unknown */
};

/* Write one row. Inside a transaction it is part of it. Returns DB_OK or a negative enum
 * db_rc. */
int audit_write(struct db *db, const struct audit_entry *e);
/* The admin, address and user agent of c's request, for a row that lib/ writes later inside a
 * transaction of its own (it sets user_id, action and detail). */
struct audit_entry audit_who(const struct ctx *c);
/* Write the row of the signed-in admin's request c about user_id (0: none): admin, address and
 * user agent from c. Returns DB_OK or a negative enum db_rc. */
int audit_request(struct ctx *c, int64_t user_id, const char *action, const char *detail);

#endif
