/* intercoms.h — intercoms as a user's profile and the intercom card show them: the
 * apartments a user is linked to (with that user's keys), and an intercom's general data with
 * its apartments, residents and their keys.
 *
 * The scope rule, part of every query here: a superadmin sees everything; an ordinary admin
 * sees a resident (a user linked to an apartment: their login, their keys) only when that
 * user has at least one camera granted to the admin (admin_cameras), and an intercom only when
 * one of its residents is seen. Nothing outside that is read or returned: an intercom outside
 * it is the same 404 as one that does not exist. */

#ifndef VMS_INTERCOMS_H
#define VMS_INTERCOMS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "db.h"
#include "list.h"
#include "session.h"

#define INTERCOM_RESIDENTS_MAX 1000 /* rows the intercom card shows at most */

/* One apartment of one intercom that the user is linked to. */
struct intercom_row {
	int64_t id; /* the intercom */
	char name[1024];
	char address[1024];
	char department[260];  /* the entrance */
	char created_at[20];   /* the intercom's, "YYYY-MM-DD hh:mm:ss" UTC */
	int64_t apartment_id;  /* the row's id */
	char apartment[68];    /* its number */
	struct list_strs keys; /* the user's keys there (hex ids), in the query's arena */
};

struct tab_head;

/* Which user's apartment links. */
struct intercom_filter {
	int64_t user_id;
	struct tab_head *head; /* the profile's tab: where the statement's head (the user) goes;
				* NULL for the web client */
};

/* The Intercoms tab's query function (list.h): the links of lq->filter's user (a struct
 * intercom_filter), ordered by intercom then apartment (sort "id"); none when the user is
 * outside lq->who's scope. With filter->head, the statement is guarded by the signed-in admin's
 * session lq->who (session.h) and reads the user into head too. Returns the number of rows or a
 * negative enum db_rc. */
int intercoms_of_user(struct db *db, const struct list_q *lq, list_emit_fn emit, void *arg);

struct intercom {
	int64_t id;
	char name[1024];
	char address[1024];
	char department[260];
	char created_at[20];
};

/* One intercom as one admin may see it. */
struct intercom_ref {
	int64_t id;
	const struct session *who; /* the signed-in admin: the scope (NULL: DB_ERR) */
};

/* Load intercom ref->id if ref->who may see it, guarded by that admin's session (session.h).
 * Returns 1, 0 when there is none or it is outside the scope (the two are indistinguishable),
 * or a negative enum db_rc. */
int intercoms_get(struct db *db, const struct intercom_ref *ref, struct intercom *ic);

/* The name of user_id when that user is a resident of intercom ref->id that ref->who may see,
 * into name (1024 bytes). Returns 1, 0 otherwise, or a negative enum db_rc. */
int intercoms_user_name(struct db *db, const struct intercom_ref *ref, int64_t user_id,
			char name[1024]);

/* One apartment of an intercom with one linked user (user_id 0: nobody is linked). */
struct intercom_resident {
	int64_t apartment_id;
	char apartment[68];
	int64_t user_id;
	char username[1024];
	char login[1024];
	bool deleted;	       /* the user was deleted (kept 30 days) */
	struct list_strs keys; /* that user's keys in that apartment, valid during the call */
};

typedef int (*intercom_resident_fn)(void *arg, const struct intercom_resident *r);

/* Call fn for the apartments of intercom ref->id, one row per linked user, apartments in
 * number order; at most INTERCOM_RESIDENTS_MAX rows (*truncated tells whether more exist). For
 * an ordinary admin only the residents in its scope come, so apartments without one do not.
 * fn returns 0 or < 0 to stop with an error. Returns the number of rows or a negative enum
 * db_rc. */
int intercoms_residents(struct db *db, const struct intercom_ref *ref, intercom_resident_fn fn,
			void *arg, bool *truncated);

#endif
