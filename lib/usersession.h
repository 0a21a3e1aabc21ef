/* usersession.h — the web client's sessions (/app/): a subscriber signing in with the password
 * billing sent, and an administrator opening the web client as a user (Log in as User).
 *
 * A web-client session is its own: a random token stored only as its SHA-256 hash, under a
 * cookie of its own (USERSESSION_COOKIE on USERSESSION_PATH) that no /admin/ route reads, as no
 * /app/ route reads the administrator's. Sign-in keeps the administrators' rules (session.h):
 * one Argon2id verification whatever the login, the same lockout, the same idle and absolute
 * expiry. Who may sign in: a live user with a password; not a terminated (deleted) user, not a
 * sub-user of a paused user, not an administrator-created user past its expiry date. A paused
 * user may: its cameras are shown blocked.
 *
 * Log in as User: the admin's request makes a single-use link token (>= 128 random bits, only
 * its SHA-256 stored) valid USERSESSION_LINK_SECONDS, bound to that admin's session and that
 * user; the web client exchanges it for a session of at most USERSESSION_ADMIN_MINUTES that
 * ends with the admin's own session, does not count among the user's own sessions, and names
 * the admin on every page. Both steps are written to the audit log. */
#ifndef VMS_USERSESSION_H
#define VMS_USERSESSION_H

#include <stdbool.h>
#include <stdint.h>

#include "conf.h"
#include "db.h"
#include "req.h"
#include "session.h"
#include "users.h"

#define USERSESSION_COOKIE "vms_app"
#define USERSESSION_PATH "/app"
#define USERSESSION_MAX_OWN 5	     /* a user's own sessions; a new one ends the oldest */
#define USERSESSION_ADMIN_MINUTES 30 /* the longest a Log in as User session lasts */
#define USERSESSION_LINK_SECONDS 60  /* how long a Log in as User link can be used */

/* A live web-client session and what every page shows of its user. */
struct usersession {
	int64_t id;
	int64_t user_id;
	char login[USERS_TEXT];
	char username[USERS_TEXT];
	char csrf[SESSION_TOKEN_LEN + 1];
	bool blocked;	  /* paused by billing (the user or, for a sub-user, its parent) */
	uint32_t allowed; /* the user's permissions as a mask over client_permissions (client.h) */
	bool subusers;	  /* holds subusers-manage (not for sub-users): My sub-users */
	bool intercoms;	  /* holds intercoms-index: My intercoms */
	int64_t settings_version; /* the camera settings version (Synchronize cameras moves it) */
	char settings_at[20];	  /* ... and since when, "YYYY-MM-DD hh:mm:ss" UTC */
	/* Log in as User: the administrator behind the session (admin.admin_id, admin.login,
	 * admin.superadmin), whose camera scope applies; admin.id is that admin's session. */
	bool impersonated;
	struct session admin;
};

/* Look up the session of a cookie token: live, within its idle and absolute time, its user still
 * allowed in (an impersonated one: its admin session still live), and refresh its idle timer.
 * Returns 1 (us filled), 0 (no such session, or it ended), or a negative enum db_rc. */
int usersession_check(struct db *db, const struct conf *c, const char *token,
		      struct usersession *us);

/* The sign-in form's inputs and the Log in as User link's, for the routes' tables (the
 * program's enum names the indexes). A link token of any other shape than a session token's is
 * taken here and refused by usersession_link_redeem, so it gets the page of a spent link. */
#define USERSESSION_LOGIN_INPUTS(LOGIN, PASSWORD)                                                  \
	[LOGIN] = {.name = "login",                                                                \
		   .src = REQ_FORM,                                                                \
		   .check = req_text,                                                              \
		   .required = true,                                                               \
		   .max = 255},                                                                    \
	[PASSWORD] = {                                                                             \
	    .name = "password", .src = REQ_FORM, .check = req_text, .required = true, .max = 1024}
#define USERSESSION_LINK_INPUTS(USER, TOKEN)                                                       \
	[USER] = {.name = "user", .src = REQ_QUERY, .check = req_id, .required = true},            \
	[TOKEN] = {                                                                                \
	    .name = "token", .src = REQ_QUERY, .check = req_text, .required = true, .max = 128}

/* A sign-in attempt at /app/login. */
struct usersession_attempt {
	const char *login;
	const char *password;
};
enum usersession_login_rc {
	USERSESSION_REFUSED = 0,   /* unknown login, no password, wrong password, locked */
	USERSESSION_OK = 1,	   /* token_out holds the new session's cookie value */
	USERSESSION_SUSPENDED = 2, /* right password, but a sub-user of a paused user */
	USERSESSION_EXPIRED = 3,   /* right password, but an administrator-created user past
				    * its expiry date */
};
/* Verify a->login and a->password under session.h's password and lockout rules (exactly one
 * Argon2id verification; the refusals all look the same); on success start an own session of
 * the user — its oldest own session ends when it already has USERSESSION_MAX_OWN — and write
 * its cookie value into token_out. Returns an enum usersession_login_rc or a negative enum
 * db_rc. */
int usersession_login(struct db *db, const struct conf *c, const struct usersession_attempt *a,
		      char token_out[SESSION_TOKEN_LEN + 1]);
/* End session us (own or impersonated). Returns DB_OK or a negative enum db_rc. */
int usersession_logout(struct db *db, const struct usersession *us);

/* Log in as User: who asks (or uses the link), for which user, from where. */
struct usersession_link {
	int64_t user_id;
	const struct session *admin; /* issuing: the signed-in admin; NULL when redeeming */
	const char *remote_addr;     /* for the audit log; may be NULL */
	const char *user_agent;	     /* for the audit log; may be NULL */
};
#define USERSESSION_GONE 1 /* usersession_link_issue: the user is deleted (or unknown) */
/* Make a Log in as User link token for l->user_id, bound to l->admin's session; write its text
 * (a token as session_new_token makes: 256 random bits) into token_out and the audit row
 * AUDIT_LOGIN_AS_ISSUED.
 * Returns DB_OK, USERSESSION_GONE when the user is deleted or unknown, or a negative enum
 * db_rc. */
int usersession_link_issue(struct db *db, const struct usersession_link *l,
			   char token_out[SESSION_TOKEN_LEN + 1]);
/* Use a link token for l->user_id: once, within its time, while the admin session that made it
 * lives and the user is not deleted. Starts the impersonated session (token_out: its cookie
 * value, *max_age: its seconds left) and writes the audit row AUDIT_LOGIN_AS_USED. A token of
 * the wrong shape is refused without a query. Returns 1, 0 (refused: used, expired, unknown,
 * malformed, for another user, or its admin session ended), or a negative enum db_rc. */
int usersession_link_redeem(struct db *db, const struct conf *c, const struct usersession_link *l,
			    const char *link_token, char token_out[SESSION_TOKEN_LEN + 1],
			    long *max_age);

#endif
