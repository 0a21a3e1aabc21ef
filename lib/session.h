/* session.h — administrator accounts and sessions: Argon2id passwords, random tokens stored
 * only as SHA-256 hashes, idle and absolute expiry, CSRF tokens, lockout after failures. The
 * password and lockout rules and the token helpers serve the web client's sign-in too
 * (usersession.h), so both sides keep one rule. */
#ifndef VMS_SESSION_H
#define VMS_SESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "conf.h"
#include "db.h"
#include "token.h"

#define SESSION_COOKIE "vms_session"
#define SESSION_CSRF_COOKIE "vms_csrf"	   /* the pre-session CSRF token of the sign-in form */
#define SESSION_DEVICE_COOKIE "vms_device" /* a browser known to an admin (session_login) */
#define SESSION_DEVICE_DAYS 90
#define SESSION_TOKEN_LEN 64		/* hex characters */
#define SESSION_PRESESSION_SECONDS 7200 /* a sign-in form is good for two hours */

struct session {
	int64_t id;
	int64_t admin_id;
	char login[65];
	bool superadmin;
	char csrf[SESSION_TOKEN_LEN + 1];
	/* Set by the loop: how recently the session must have been used for SESSION_GUARD to let a
	 * statement read anything (SESSION_GUARD_SECONDS while the session is taken from this
	 * worker's cache, the idle timeout once checked in full during the request). */
	int64_t guard_seconds;
	bool touched; /* session_check refreshed its idle timer (it had not been used lately) */
};

/* How the session is checked (README, "Performance"). A full check (session_check) is one
 * statement, and writes last_seen_at only when it is SESSION_TOUCH_SECONDS old. Each worker
 * keeps the sessions it checked in full for SESSION_CACHE_SECONDS (session_cached); a GET
 * answered from that cache is confirmed by the page's own statement, which starts its FROM with
 * SESSION_GUARD and so reads nothing once the session is signed out, past its end, unused for
 * SESSION_GUARD_SECONDS or its admin's role changed; the loop checks in full whatever no
 * guarded statement confirmed. The numbers are such that a session this worker checked stays
 * within the guard while it is cached: touched at most 10 s before the check, cached 15 s. */
#define SESSION_TOUCH_SECONDS 10
#define SESSION_CACHE_SECONDS 15
#define SESSION_GUARD_SECONDS 30

/* The session guard, the first thing in a guarded statement's FROM: the session row (alias g)
 * and its admin (ga), both read by primary key before anything else, so a dead session costs
 * the statement nothing and returns no row. Three parameters, bound by session_guard_bind; the
 * db_query sets .guarded (db.h), and a row it returns confirms the session for the request. */
#define SESSION_GUARD                                                                              \
	"admin_sessions g JOIN admins ga ON ga.id = g.admin_id AND (ga.role = 'superadmin') = ?"   \
	" AND g.id = ? AND g.expires_at > NOW() AND g.last_seen_at > NOW() - INTERVAL ? SECOND"
#define SESSION_GUARD_NPARAMS 3

/* Bind s to SESSION_GUARD's parameters at in[0..3). */
void session_guard_bind(struct db_param *in, const struct session *s);

/* Once per worker: libsodium, and the dummy hash that keeps unknown logins as slow as known
 * ones — a well-formed Argon2id string of the configured cost around random bytes, so that
 * verifying against it costs what a real verification costs, and making it costs nothing.
 * Returns 0 or -1. */
int session_init(const struct conf *c);
/* The dummy hash session_init made (for the unit test of its shape). */
const char *session_dummy_hash(void);
/* A new random token as SESSION_TOKEN_LEN hex characters plus NUL. */
void session_new_token(char out[SESSION_TOKEN_LEN + 1]);
/* Hash a password with the configured Argon2id cost into out (crypto_pwhash_STRBYTES).
 * Returns 0 or -1 (out of memory). */
int session_hash_password(const struct conf *c, const char *password, char *out, size_t cap);
/* Look up the session for a cookie token in full and refresh its idle timer when it is
 * SESSION_TOUCH_SECONDS old (s->touched then); remember it in this worker's cache on success,
 * forget it otherwise. Returns 1 (s filled), 0 (no such session or expired), or a negative enum
 * db_rc. */
int session_check(struct db *db, const struct conf *c, const char *token, struct session *s);
/* A session this worker checked in full less than SESSION_CACHE_SECONDS ago for token: true
 * with s filled, to be confirmed by a guarded statement or checked again. */
bool session_cached(const char *token, struct session *s);
/* A sign-in attempt. */
struct session_attempt {
	const char *login;
	const char *password;
	const char *remote_addr; /* the client: throttled by it, and audited; may be NULL */
	const char *device;	 /* the vms_device cookie, or NULL */
};
/* What a sign-in gives back besides the session. */
struct session_outcome {
	char token[SESSION_TOKEN_LEN + 1]; /* SESSION_OK: the session cookie's value */
	char device[TOKEN_TEXT_MAX];	   /* SESSION_OK: a new device cookie for this browser */
	int64_t retry_after;		   /* SESSION_THROTTLED: seconds until the next try */
};
enum session_login_rc { SESSION_REFUSED = 0, SESSION_OK = 1, SESSION_THROTTLED = 2 };
/* Verify a->login + a->password; on success create a session, fill out and s.
 *
 * Two guards, both in the database so every worker agrees. Per client: a client that failed
 * throttle_after_failures times in a row must wait (1 s, doubling per further failure, up to
 * throttle_max_seconds) and is refused meanwhile without a password check (SESSION_THROTTLED).
 * Per account: max_failed_logins failures lock it for lockout_minutes. The client is the
 * address, except for a browser holding a device cookie (issued at each successful sign-in)
 * for the admin it signs in as: that is its own client, and the account lock does not apply
 * to it and its failures do not count towards it. So guessing from elsewhere cannot lock the
 * real admin out of their own browser, and a stolen device cookie is throttled on its own.
 *
 * Unknown login, wrong password and locked account all return SESSION_REFUSED after exactly
 * one Argon2id verification. Returns an enum session_login_rc or a negative enum db_rc. */
int session_login(struct db *db, const struct conf *c, const struct session_attempt *a,
		  struct session_outcome *out, struct session *s);
/* End the session of this token. Returns DB_OK or a negative enum db_rc. */
int session_logout(struct db *db, const struct session *s, const char *remote_addr);
/* A new pre-session CSRF token into out: a random nonce with its expiry, issued under the server
 * key (token.h), so no client can make one up. Returns DB_OK, or a negative enum db_rc when
 * the server key cannot be read. */
int session_presession_token(struct db *db, char out[TOKEN_TEXT_MAX]);
/* 1 when sent (the form's token) equals cookie (the vms_csrf cookie's) and is a pre-session
 * token the server issued that has not expired; 0 otherwise (either may be NULL); a negative
 * enum db_rc when the server key cannot be read. */
int session_presession_check(struct db *db, const char *sent, const char *cookie);
/* How many Argon2id computations (password verifications and hashes) this process ran since
 * the last call; the count starts again at 0. The request log records it per request. */
int session_pwhash_take(void);
/* Constant-time comparison of two NUL-terminated tokens. */
bool session_token_eq(const char *a, const char *b);
/* Whose account a password belongs to: each table counts its own failures and locks. */
enum session_realm {
	SESSION_ADMINS, /* admins: the administrators' sign-in */
	SESSION_USERS,	/* users: the web client's sign-in */
};
/* The password rule of every sign-in: exactly one Argon2id verification, of password against
 * hash — against the dummy hash when hash is NULL or "" (an unknown login, an account without a
 * password) — so the time taken does not tell those apart. True when password matches hash. */
bool session_password_ok(const char *hash, const char *password);
/* The lockout rule, inside the caller's transaction (db_tx): count a wrong password for account
 * id of realm; max_failed_logins of them in a row lock the account for lockout_minutes (the
 * count then starts again). Returns DB_OK or a negative enum db_rc. */
int session_lockout_fail(struct db *db, const struct conf *c, enum session_realm realm, int64_t id);
/* A right password, inside the caller's transaction: the count starts again and any lock ends.
 * DB_OK or a negative db_rc. */
int session_lockout_clear(struct db *db, enum session_realm realm, int64_t id);
/* The stored form of a token: hex SHA-256 (64 characters and the NUL) into out. */
void session_token_hash(const char *token, char out[65]);
/* True when t has the shape session_new_token gives: SESSION_TOKEN_LEN hex digits. */
bool session_token_shape_ok(const char *t);
/* Write an audit_log row (audit_write: in the caller's transaction, else in its own). Returns
 * DB_OK or a negative enum db_rc. */
int session_audit(struct db *db, int64_t admin_id, int64_t user_id, const char *action,
		  const char *detail, const char *remote_addr);

#endif
