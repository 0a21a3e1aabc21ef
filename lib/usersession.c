/* usersession.c — the web client's sessions: sign-in under session.c's password and lockout
 * rules, the check of every /app/ request, sign-out, and Log in as User (its link token and the
 * session it opens). Every write is a db_tx whose body re-reads what it decides on. */
#include "usersession.h"

#include <string.h>

#include "audit.h"
#include "client.h"

// clang-format off
/* May user U (with its parent P, LEFT JOINed) be in the web client on its own? Not past an
 * administrator-set expiry; a sub-user only while its parent is active (a paused parent blocks
 * its sub-users; a terminated one took them with it). U itself may be paused. */
#define NOT_EXPIRED(U) " (" U ".expires_at IS NULL OR " U ".expires_at > NOW())"
#define PARENT_ACTIVE(U, P)                                                                        \
	" (" U ".parent_id IS NULL OR (" P ".status = 'active' AND " P ".deleted_at IS NULL))"
/* Live: not deleted, not terminated. */
#define LIVE(U) " " U ".deleted_at IS NULL AND " U ".status <> 'terminated'"
/* An admin session X that is still in use: before its end and not idle. */
#define ADMIN_SESSION_LIVE(X)                                                                      \
	" " X ".expires_at > NOW() AND " X ".last_seen_at > NOW() - INTERVAL ? MINUTE"
// clang-format on

/* A new session row: an own one (admin_id 0) or one opened by Log in as User. */
struct new_session {
	int64_t user_id;
	int64_t admin_id, admin_session_id; /* 0 for an own session */
	int64_t seconds;		    /* how long it may last */
	char *token;			    /* out: the cookie value */
};

/* An own session beyond USERSESSION_MAX_OWN ends: the oldest go. Returns DB_OK or a db_rc. */
static int cap_own(struct db *db, int64_t user_id)
{
	struct db_param in[2] = {DB_PINT(user_id), DB_PINT(USERSESSION_MAX_OWN)};
	struct db_col out[1] = {DB_CINT};
	struct db_query newest = {
	    .sql = "SELECT id FROM user_sessions WHERE user_id = ? AND admin_id IS NULL"
		   " ORDER BY id DESC LIMIT ?",
	    .in = in,
	    .nin = 2,
	    .out = out,
	    .nout = 1,
	};
	struct db_param din[2];
	struct db_query older = {
	    .sql = "DELETE FROM user_sessions WHERE user_id = ? AND admin_id IS NULL AND id < ?",
	    .in = din,
	    .nin = 2,
	};
	int64_t last = 0;
	int n = 0, rc;

	if ((rc = db_exec(db, &newest)) < 0)
		return rc;
	while ((rc = db_fetch(db, &newest)) == 1) {
		last = out[0].i;
		n++;
	}
	db_end(&newest);
	if (rc < 0 || n < USERSESSION_MAX_OWN)
		return rc < 0 ? rc : DB_OK;
	din[0] = DB_PINT(user_id);
	din[1] = DB_PINT(last);
	return db_run(db, &older);
}

/* Insert session n (inside the caller's transaction) and write its cookie value into n->token;
 * the user's ended sessions go, and an own session caps the user's own. Returns DB_OK or a
 * negative enum db_rc. */
static int session_insert(struct db *db, const struct conf *c, struct new_session *n)
{
	char hash[65], csrf[SESSION_TOKEN_LEN + 1];
	struct db_param in[6];
	struct db_query q = {
	    .sql = "INSERT INTO user_sessions"
		   " (user_id, token_hash, csrf_token, admin_id, admin_session_id, expires_at)"
		   " VALUES (?, ?, ?, ?, ?, NOW() + INTERVAL ? SECOND)",
	    .in = in,
	    .nin = 6,
	};
	struct db_param pin[2] = {DB_PINT(n->user_id), DB_PINT(c->idle_minutes)};
	struct db_query prune = {
	    .sql = "DELETE FROM user_sessions WHERE user_id = ?"
		   " AND (expires_at <= NOW() OR last_seen_at <= NOW() - INTERVAL ? MINUTE)",
	    .in = pin,
	    .nin = 2,
	};
	int rc;

	session_new_token(n->token);
	session_new_token(csrf);
	session_token_hash(n->token, hash);
	in[0] = DB_PINT(n->user_id);
	in[1] = DB_PTEXT(hash);
	in[2] = DB_PTEXT(csrf);
	in[3] = n->admin_id ? DB_PINT(n->admin_id) : DB_PNULL;
	in[4] = n->admin_session_id ? DB_PINT(n->admin_session_id) : DB_PNULL;
	in[5] = DB_PINT(n->seconds);
	if ((rc = db_run(db, &q)) < 0 || (rc = db_run(db, &prune)) < 0)
		return rc;
	return n->admin_id ? DB_OK : cap_own(db, n->user_id);
}

/* The session check ----------------------------------------------------------------------- */

// clang-format off
#define CHECK_SQL                                                                                  \
	"SELECT s.id, u.id, u.login, u.username, s.csrf_token,"                                    \
	" u.status = 'paused' OR COALESCE(p.status = 'paused', 0), u.parent_id IS NULL,"           \
	" u.settings_version, DATE_FORMAT(u.settings_at, '%Y-%m-%d %H:%i:%s'),"                    \
	" COALESCE(s.admin_id, 0), COALESCE(s.admin_session_id, 0), COALESCE(a.login, ''),"        \
	" COALESCE(a.role = 'superadmin', 0), s.last_seen_at < NOW() - INTERVAL 30 SECOND"         \
	" FROM user_sessions s JOIN users u ON u.id = s.user_id"                                   \
	" LEFT JOIN users p ON p.id = u.parent_id"                                                 \
	" LEFT JOIN admins a ON a.id = s.admin_id"                                                 \
	" LEFT JOIN admin_sessions x ON x.id = s.admin_session_id"                                 \
	" WHERE s.token_hash = ? AND s.expires_at > NOW()"                                         \
	" AND s.last_seen_at > NOW() - INTERVAL ? MINUTE AND" LIVE("u")                            \
	" AND IF(s.admin_id IS NULL," NOT_EXPIRED("u") " AND" PARENT_ACTIVE("u", "p") ","          \
	ADMIN_SESSION_LIVE("x") ")"
// clang-format on

static int touch_body(struct db *db, void *arg)
{
	struct db_param in[1] = {DB_PINT(*(const int64_t *)arg)};
	struct db_query q = {
	    .sql = "UPDATE user_sessions SET last_seen_at = NOW() WHERE id = ?",
	    .in = in,
	    .nin = 1,
	};

	return db_run(db, &q);
}

int usersession_check(struct db *db, const struct conf *c, const char *token,
		      struct usersession *us)
{
	char hash[65];
	struct db_param in[3];
	struct db_col out[14] = {
	    DB_CINT,
	    DB_CINT,
	    DB_CTEXT(us->login),
	    DB_CTEXT(us->username),
	    DB_CTEXT(us->csrf),
	    DB_CINT,
	    DB_CINT,
	    DB_CINT,
	    DB_CTEXT(us->settings_at),
	    DB_CINT,
	    DB_CINT,
	    DB_CTEXT(us->admin.login),
	    DB_CINT,
	    DB_CINT,
	};
	struct db_query q = {.sql = CHECK_SQL, .in = in, .nin = 3, .out = out, .nout = 14};
	int rc;

	memset(us, 0, sizeof *us);
	if (!token || !session_token_shape_ok(token))
		return 0;
	session_token_hash(token, hash);
	in[0] = DB_PTEXT(hash);
	in[1] = DB_PINT(c->idle_minutes);
	in[2] = DB_PINT(c->idle_minutes);
	if ((rc = db_get(db, &q)) != 1)
		return rc;
	us->id = out[0].i;
	us->user_id = out[1].i;
	us->blocked = out[5].i != 0;
	us->settings_version = out[7].i;
	us->admin.admin_id = out[9].i;
	us->admin.id = out[10].i;
	us->admin.superadmin = out[12].i != 0;
	us->impersonated = us->admin.admin_id != 0;
	if ((rc = client_permissions_of(db, us->user_id, &us->allowed)) < 0)
		return rc;
	us->intercoms = us->allowed & CLIENT_BIT(CLIENT_INTERCOMS);
	us->subusers = out[6].i != 0 && (us->allowed & CLIENT_BIT(CLIENT_SUBUSERS));
	if (out[13].i && (rc = db_tx(db, touch_body, &us->id)) < 0)
		return rc;
	return 1;
}

/* Sign-in and sign-out -------------------------------------------------------------------- */

/* The transaction of a sign-in whose password was checked: what the check found, and what
 * becomes of it. */
struct login_tx {
	const struct conf *c;
	int64_t user_id;
	const char *hash; /* the hash the password was verified against */
	bool passed;	  /* the password matched and the account was not locked */
	bool locked;
	char *token;
	int result; /* enum usersession_login_rc */
};

static int login_body(struct db *db, void *arg)
{
	struct login_tx *t = arg;
	char hash[1024];
	struct db_param in[1] = {DB_PINT(t->user_id)};
	struct db_col out[3] = {DB_CTEXT(hash), DB_CINT, DB_CINT};
	struct db_query q = {
	    .sql = "SELECT COALESCE(u.password_hash, ''), NOT" PARENT_ACTIVE(
		"u",
		"p") ","
		     " NOT" NOT_EXPIRED("u") " FROM users u LEFT JOIN users p ON p.id = u.parent_id"
					     " WHERE u.id = ? AND" LIVE("u") " FOR UPDATE",
	    .in = in,
	    .nin = 1,
	    .out = out,
	    .nout = 3,
	};
	struct new_session n = {.user_id = t->user_id, .token = t->token};
	int rc;

	t->result = USERSESSION_REFUSED;
	if (!t->passed) /* a locked account's failures do not count on */
		return t->locked ? DB_OK
				 : session_lockout_fail(db, t->c, SESSION_USERS, t->user_id);
	/* still the same live user with the same password as the one just verified */
	if ((rc = db_get(db, &q)) != 1 || strcmp(hash, t->hash) != 0)
		return rc < 0 ? rc : DB_OK;
	if ((rc = session_lockout_clear(db, SESSION_USERS, t->user_id)) < 0)
		return rc;
	if (out[1].i || out[2].i) {
		t->result = out[1].i ? USERSESSION_SUSPENDED : USERSESSION_EXPIRED;
		return DB_OK;
	}
	n.seconds = (int64_t)t->c->absolute_minutes * 60;
	if ((rc = session_insert(db, t->c, &n)) < 0)
		return rc;
	t->result = USERSESSION_OK;
	return DB_OK;
}

int usersession_login(struct db *db, const struct conf *c, const struct usersession_attempt *a,
		      char token_out[SESSION_TOKEN_LEN + 1])
{
	char hash[1024];
	struct db_param in[1] = {DB_PTEXT(a->login)};
	struct db_col out[3] = {DB_CINT, DB_CTEXT(hash), DB_CINT};
	struct db_query q = {
	    .sql = "SELECT id, COALESCE(password_hash, ''),"
		   " locked_until IS NOT NULL AND locked_until > NOW()"
		   " FROM users WHERE live_login = ?",
	    .in = in,
	    .nin = 1,
	    .out = out,
	    .nout = 3,
	};
	struct login_tx t = {.c = c, .hash = hash, .token = token_out};
	bool known, ok;
	int rc;

	token_out[0] = '\0';
	if ((rc = db_get(db, &q)) < 0)
		return rc;
	/* a user without a password is as unknown as a login nobody has */
	known = rc == 1 && hash[0];
	ok = session_password_ok(known ? hash : NULL, a->password);
	if (!known)
		return USERSESSION_REFUSED;
	t.user_id = out[0].i;
	t.locked = out[2].i != 0;
	t.passed = ok && !t.locked;
	if ((rc = db_tx(db, login_body, &t)) < 0)
		return rc;
	return t.result;
}

static int logout_body(struct db *db, void *arg)
{
	struct db_param in[1] = {DB_PINT(*(const int64_t *)arg)};
	struct db_query q = {.sql = "DELETE FROM user_sessions WHERE id = ?", .in = in, .nin = 1};

	return db_run(db, &q);
}

int usersession_logout(struct db *db, const struct usersession *us)
{
	int64_t id = us->id;

	return db_tx(db, logout_body, &id);
}

/* Log in as User --------------------------------------------------------------------------- */

struct issue_tx {
	const struct usersession_link *l;
	const char *hash; /* of the link token */
};

static int issue_body(struct db *db, void *arg)
{
	const struct issue_tx *t = arg;
	const struct usersession_link *l = t->l;
	struct db_param uin[1] = {DB_PINT(l->user_id)};
	struct db_col uout[1] = {DB_CINT};
	struct db_query user = {
	    .sql = "SELECT id FROM users WHERE id = ? AND deleted_at IS NULL LOCK IN SHARE MODE",
	    .in = uin,
	    .nin = 1,
	    .out = uout,
	    .nout = 1,
	};
	struct db_param in[5] = {DB_PTEXT(t->hash), DB_PINT(l->user_id),
				 DB_PINT(l->admin->admin_id), DB_PINT(l->admin->id),
				 DB_PINT(USERSESSION_LINK_SECONDS)};
	struct db_query insert = {
	    .sql = "INSERT INTO impersonation_tokens"
		   " (token_hash, user_id, admin_id, admin_session_id, expires_at)"
		   " VALUES (?, ?, ?, ?, NOW() + INTERVAL ? SECOND)",
	    .in = in,
	    .nin = 5,
	};
	struct db_query prune = {
	    .sql = "DELETE FROM impersonation_tokens WHERE expires_at < NOW() - INTERVAL 1 HOUR"
		   " LIMIT 100",
	};
	struct audit_entry e = {
	    .admin_id = l->admin->admin_id,
	    .user_id = l->user_id,
	    .action = AUDIT_LOGIN_AS_ISSUED,
	    .detail = "a sign-in link valid 60 s",
	    .remote_addr = l->remote_addr,
	    .user_agent = l->user_agent,
	};
	int rc = db_get(db, &user);

	if (rc != 1)
		return rc < 0 ? rc : USERSESSION_GONE;
	if ((rc = db_run(db, &insert)) < 0 || (rc = audit_write(db, &e)) < 0)
		return rc;
	return db_run(db, &prune);
}

int usersession_link_issue(struct db *db, const struct usersession_link *l,
			   char token_out[SESSION_TOKEN_LEN + 1])
{
	char hash[65];
	struct issue_tx t = {.l = l, .hash = hash};

	session_new_token(token_out);
	session_token_hash(token_out, hash);
	return db_tx(db, issue_body, &t);
}

#define LINK_REFUSED 1 /* redeem_body: roll back, nothing to do */

struct redeem_tx {
	const struct conf *c;
	const struct usersession_link *l;
	const char *hash; /* of the link token */
	char *token;	  /* out: the session's cookie value */
	int64_t seconds;  /* out: how long it lasts */
};

static int redeem_body(struct db *db, void *arg)
{
	struct redeem_tx *t = arg;
	const struct usersession_link *l = t->l;
	struct db_param tin[1] = {DB_PTEXT(t->hash)};
	struct db_col tout[5] = {DB_CINT, DB_CINT, DB_CINT, DB_CINT, DB_CINT};
	struct db_query token = {
	    .sql = "SELECT id, user_id, admin_id, COALESCE(admin_session_id, 0),"
		   " used_at IS NULL AND expires_at > NOW()"
		   " FROM impersonation_tokens WHERE token_hash = ? FOR UPDATE",
	    .in = tin,
	    .nin = 1,
	    .out = tout,
	    .nout = 5,
	};
	struct db_param ain[5];
	struct db_col aout[1] = {DB_CINT};
	struct db_query admin = {
	    /* the admin session that asked is still in use, and the user still there */
	    .sql = "SELECT TIMESTAMPDIFF(SECOND, NOW(), LEAST(x.expires_at, NOW() + INTERVAL ? "
		   "MINUTE))"
		   " FROM admin_sessions x JOIN users u ON u.id = ? AND u.deleted_at IS NULL"
		   " WHERE x.id = ? AND x.admin_id = ? AND" ADMIN_SESSION_LIVE(
		       "x") " LOCK IN SHARE MODE",
	    .in = ain,
	    .nin = 5,
	    .out = aout,
	    .nout = 1,
	};
	struct db_param uin[1];
	struct db_query used = {
	    .sql = "UPDATE impersonation_tokens SET used_at = NOW() WHERE id = ?",
	    .in = uin,
	    .nin = 1,
	};
	struct new_session n = {.user_id = l->user_id, .token = t->token};
	struct audit_entry e = {
	    .user_id = l->user_id,
	    .action = AUDIT_LOGIN_AS_USED,
	    .remote_addr = l->remote_addr,
	    .user_agent = l->user_agent,
	};
	int rc = db_get(db, &token);

	if (rc != 1 || !tout[4].i || tout[1].i != l->user_id || !tout[3].i)
		return rc < 0 ? rc : LINK_REFUSED;
	ain[0] = DB_PINT(USERSESSION_ADMIN_MINUTES);
	ain[1] = DB_PINT(l->user_id);
	ain[2] = DB_PINT(tout[3].i);
	ain[3] = DB_PINT(tout[2].i);
	ain[4] = DB_PINT(t->c->idle_minutes);
	if ((rc = db_get(db, &admin)) != 1 || aout[0].i < 1)
		return rc < 0 ? rc : LINK_REFUSED;
	uin[0] = DB_PINT(tout[0].i);
	n.admin_id = e.admin_id = tout[2].i;
	n.admin_session_id = tout[3].i;
	n.seconds = t->seconds = aout[0].i;
	if ((rc = db_run(db, &used)) < 0 || (rc = session_insert(db, t->c, &n)) < 0)
		return rc;
	return audit_write(db, &e);
}

int usersession_link_redeem(struct db *db, const struct conf *c, const struct usersession_link *l,
			    const char *link_token, char token_out[SESSION_TOKEN_LEN + 1],
			    long *max_age)
{
	char hash[65];
	struct redeem_tx t = {.c = c, .l = l, .hash = hash, .token = token_out};
	int rc;

	token_out[0] = '\0';
	*max_age = 0;
	if (!link_token || !session_token_shape_ok(link_token))
		return 0;
	session_token_hash(link_token, hash);
	rc = db_tx(db, redeem_body, &t);
	if (rc == LINK_REFUSED)
		return 0;
	if (rc < 0)
		return rc;
	*max_age = (long)t.seconds;
	return 1;
}
