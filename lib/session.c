/* session.c — administrator sign-in, sessions and the audit trail of both; the password and
 * lockout rules every sign-in keeps (the web client's too, usersession.c). */
#include "session.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "audit.h"
#include "util.h"

static char dummy_hash[crypto_pwhash_STRBYTES];
static int pwhash_runs;

int session_pwhash_take(void)
{
	int n = pwhash_runs;

	pwhash_runs = 0;
	return n;
}

/* One Argon2id verification, counted. True when password matches hash. */
static bool verify(const char *hash, const char *password)
{
	pwhash_runs++;
	return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}

int session_hash_password(const struct conf *c, const char *password, char *out, size_t cap)
{
	if (cap < crypto_pwhash_STRBYTES)
		return -1;
	pwhash_runs++;
	return crypto_pwhash_str_alg(out, password, strlen(password), c->pwhash_passes,
				     (size_t)c->pwhash_memory_kib * 1024,
				     crypto_pwhash_ALG_ARGON2ID13);
}

int session_init(const struct conf *c)
{
	unsigned char salt[16], hash[32];
	char salt64[32], hash64[48];

	if (sodium_init() < 0)
		return -1;
	/* What crypto_pwhash_str writes, around random bytes: no password has this hash, and
	 * checking one against it runs Argon2id at the configured cost, as for a real hash */
	randombytes_buf(salt, sizeof salt);
	randombytes_buf(hash, sizeof hash);
	sodium_bin2base64(salt64, sizeof salt64, salt, sizeof salt,
			  sodium_base64_VARIANT_ORIGINAL_NO_PADDING);
	sodium_bin2base64(hash64, sizeof hash64, hash, sizeof hash,
			  sodium_base64_VARIANT_ORIGINAL_NO_PADDING);
	snprintf(dummy_hash, sizeof dummy_hash, "$argon2id$v=19$m=%lld,t=%lld,p=1$%s$%s",
		 (long long)c->pwhash_memory_kib, (long long)c->pwhash_passes, salt64, hash64);
	return 0;
}

const char *session_dummy_hash(void)
{
	return dummy_hash;
}

void session_new_token(char out[SESSION_TOKEN_LEN + 1])
{
	unsigned char raw[SESSION_TOKEN_LEN / 2];

	randombytes_buf(raw, sizeof raw);
	sodium_bin2hex(out, SESSION_TOKEN_LEN + 1, raw, sizeof raw);
}

void session_token_hash(const char *token, char out[65])
{
	unsigned char h[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(h, (const unsigned char *)token, strlen(token));
	sodium_bin2hex(out, 65, h, sizeof h);
}

bool session_token_eq(const char *a, const char *b)
{
	size_t n = strlen(a);

	if (n == 0 || n != strlen(b))
		return false;
	return sodium_memcmp(a, b, n) == 0;
}

#define PRESESSION_PURPOSE "vms.csrf"

int session_presession_token(struct db *db, char out[TOKEN_TEXT_MAX])
{
	unsigned char nonce[16];
	int rc = token_key_load(db);

	out[0] = '\0';
	if (rc < 0)
		return rc;
	randombytes_buf(nonce, sizeof nonce);
	if (token_issue(PRESESSION_PURPOSE, nonce, sizeof nonce,
			(int64_t)time(NULL) + SESSION_PRESESSION_SECONDS, out) < 0)
		return DB_ERR;
	return DB_OK;
}

int session_presession_check(struct db *db, const char *sent, const char *cookie)
{
	struct token_payload p;
	int rc;

	if (!sent || !cookie || !session_token_eq(sent, cookie))
		return 0;
	if ((rc = token_key_load(db)) < 0)
		return rc;
	return token_open(PRESESSION_PURPOSE, sent, (int64_t)time(NULL), &p) && p.len == 16;
}

bool session_token_shape_ok(const char *t)
{
	unsigned char raw[SESSION_TOKEN_LEN / 2];
	size_t n = strlen(t), len = 0;
	const char *end = NULL;

	return n == SESSION_TOKEN_LEN &&
	       sodium_hex2bin(raw, sizeof raw, t, n, NULL, &len, &end) == 0 && len == sizeof raw &&
	       end == t + n;
}

/* A number of seconds as SQL text. */
#define SECONDS_(n) #n
#define SECONDS(n) SECONDS_(n)

/* The sessions this worker checked in full lately (a few admins use a worker at once). */
#define CACHE_SLOTS 16
static struct {
	char hash[65];
	struct session s;
	int64_t checked_at; /* now_usec() of the full check; 0: free */
} cache[CACHE_SLOTS];

static void cache_put(const char *hash, const struct session *s)
{
	size_t slot = 0;

	for (size_t i = 0; i < CACHE_SLOTS; i++) {
		if (!strcmp(cache[i].hash, hash)) {
			slot = i;
			break;
		}
		if (cache[i].checked_at < cache[slot].checked_at)
			slot = i; /* else the oldest */
	}
	memcpy(cache[slot].hash, hash, sizeof cache[slot].hash);
	cache[slot].s = *s;
	cache[slot].checked_at = now_usec();
}

static void cache_drop(const char *hash)
{
	for (size_t i = 0; i < CACHE_SLOTS; i++)
		if (!strcmp(cache[i].hash, hash))
			memset(&cache[i], 0, sizeof cache[i]);
}

bool session_cached(const char *token, struct session *s)
{
	char hash[65];
	int64_t now = now_usec();

	if (!token || !session_token_shape_ok(token))
		return false;
	session_token_hash(token, hash);
	for (size_t i = 0; i < CACHE_SLOTS; i++)
		if (cache[i].checked_at && !strcmp(cache[i].hash, hash) &&
		    now - cache[i].checked_at < SESSION_CACHE_SECONDS * 1000000LL) {
			*s = cache[i].s;
			s->touched = false;
			return true;
		}
	return false;
}

void session_guard_bind(struct db_param *in, const struct session *s)
{
	in[0] = DB_PINT(s->superadmin ? 1 : 0);
	in[1] = DB_PINT(s->id);
	in[2] = DB_PINT(s->guard_seconds);
}

/* The idle timer of session *arg starts again (at most every SESSION_TOUCH_SECONDS: a busy
 * session is not rewritten on every request, nor made to conflict with itself across app
 * hosts). */
static int touch_body(struct db *db, void *arg)
{
	struct db_param in[1] = {DB_PINT(*(const int64_t *)arg)};
	struct db_query q = {
	    .sql = "UPDATE admin_sessions SET last_seen_at = NOW()"
		   " WHERE id = ? AND last_seen_at < NOW() - INTERVAL " SECONDS(
		       SESSION_TOUCH_SECONDS) " SECOND",
	    .in = in,
	    .nin = 1,
	};

	return db_run(db, &q);
}

int session_check(struct db *db, const struct conf *c, const char *token, struct session *s)
{
	char hash[65], role[16];
	struct db_param in[2];
	struct db_col out[6];
	struct db_query q = {
	    .sql = "SELECT s.id, a.id, a.login, a.role, s.csrf_token,"
		   " s.last_seen_at < NOW() - INTERVAL " SECONDS(
		       SESSION_TOUCH_SECONDS) " SECOND"
					      " FROM admin_sessions s JOIN admins a ON a.id = "
					      "s.admin_id"
					      " WHERE s.token_hash = ? AND s.expires_at > NOW()"
					      " AND s.last_seen_at > NOW() - INTERVAL ? MINUTE",
	    .in = in,
	    .nin = 2,
	    .out = out,
	    .nout = 6,
	};
	int rc;

	memset(s, 0, sizeof *s);
	if (!token || !session_token_shape_ok(token))
		return 0;
	session_token_hash(token, hash);
	in[0] = DB_PTEXT(hash);
	in[1] = DB_PINT(c->idle_minutes);
	out[0] = DB_CINT;
	out[1] = DB_CINT;
	out[2] = DB_CTEXT(s->login);
	out[3] = DB_CTEXT(role);
	out[4] = DB_CTEXT(s->csrf);
	out[5] = DB_CINT;
	rc = db_get(db, &q);
	if (rc != 1) {
		if (rc == 0)
			cache_drop(hash);
		return rc;
	}
	s->id = out[0].i;
	s->admin_id = out[1].i;
	s->superadmin = !strcmp(role, "superadmin");
	s->touched = out[5].i != 0;
	if (s->touched && (rc = db_tx(db, touch_body, &s->id)) < 0)
		return rc;
	cache_put(hash, s);
	return 1;
}

int session_audit(struct db *db, int64_t admin_id, int64_t user_id, const char *action,
		  const char *detail, const char *remote_addr)
{
	struct audit_entry e = {admin_id, user_id, action, detail, remote_addr, NULL};

	return audit_write(db, &e);
}

bool session_password_ok(const char *hash, const char *password)
{
	return verify(hash && *hash ? hash : dummy_hash, password);
}

// clang-format off
/* The same two statements over each realm's table (a table name cannot be a parameter). */
#define LOCKOUT_FAIL(TABLE)                                                                        \
	"UPDATE " TABLE " SET"                                                                     \
	" locked_until = IF(failed_logins + 1 >= ?, NOW() + INTERVAL ? MINUTE, locked_until),"     \
	" failed_logins = IF(failed_logins + 1 >= ?, 0, failed_logins + 1)"                        \
	" WHERE id = ?"
#define LOCKOUT_CLEAR(TABLE) "UPDATE " TABLE " SET failed_logins = 0, locked_until = NULL WHERE id = ?"
// clang-format on

static const struct {
	const char *fail, *clear;
} lockout_sql[] = {
    [SESSION_ADMINS] = {LOCKOUT_FAIL("admins"), LOCKOUT_CLEAR("admins")},
    [SESSION_USERS] = {LOCKOUT_FAIL("users"), LOCKOUT_CLEAR("users")},
};

int session_lockout_fail(struct db *db, const struct conf *c, enum session_realm realm, int64_t id)
{
	struct db_param in[4] = {
	    DB_PINT(c->max_failed_logins),
	    DB_PINT(c->lockout_minutes),
	    DB_PINT(c->max_failed_logins),
	    DB_PINT(id),
	};
	struct db_query q = {.sql = lockout_sql[realm].fail, .in = in, .nin = 4};

	return db_run(db, &q);
}

int session_lockout_clear(struct db *db, enum session_realm realm, int64_t id)
{
	struct db_param in[1] = {DB_PINT(id)};
	struct db_query q = {.sql = lockout_sql[realm].clear, .in = in, .nin = 1};

	return db_run(db, &q);
}

/* The client key of the throttle: "device:<nonce>" or "ip:<address>". */
static void throttle_client(const struct session_attempt *a, const unsigned char *nonce,
			    char out[80])
{
	if (nonce) {
		memcpy(out, "device:", 7);
		sodium_bin2hex(out + 7, 80 - 7, nonce, 16);
	} else {
		snprintf(out, 80, "ip:%s", a->remote_addr ? a->remote_addr : "-");
	}
}

/* Seconds client must still wait before a sign-in attempt (0: none). Returns >= 0 or a
 * negative enum db_rc. */
static int64_t throttle_wait(struct db *db, const char *client)
{
	struct db_param in[1] = {DB_PTEXT(client)};
	struct db_col out[1] = {DB_CINT};
	struct db_query q = {
	    .sql = "SELECT GREATEST(1, TIMESTAMPDIFF(SECOND, NOW(), blocked_until))"
		   " FROM login_throttle WHERE client = ? AND blocked_until > NOW()",
	    .in = in,
	    .nin = 1,
	    .out = out,
	    .nout = 1,
	};
	int rc = db_get(db, &q);

	return rc < 0 ? rc : rc == 1 ? out[0].i : 0;
}

/* Count a failure of client (inside a transaction); from the configured number on, it must wait
 * 2^(n - that) s, at most throttle_max_seconds. Rows a day old go meanwhile. Returns DB_OK or a
 * negative db_rc. */
static int throttle_fail(struct db *db, const struct conf *c, const char *client)
{
	int64_t after = c->throttle_after_failures, max = c->throttle_max_seconds;
	struct db_param in[7] = {DB_PTEXT(client), DB_PINT(after), DB_PINT(after), DB_PINT(max),
				 DB_PINT(after),   DB_PINT(after), DB_PINT(max)};
	struct db_query q = {
	    /* MariaDB assigns left to right: blocked_until sees the new failures */
	    .sql = "INSERT INTO login_throttle (client, failures, last_failed_at, blocked_until)"
		   " VALUES (?, 1, NOW(), IF(1 >= ?, NOW() + INTERVAL LEAST(POW(2, 1 - ?), ?)"
		   " SECOND, NULL))"
		   " ON DUPLICATE KEY UPDATE"
		   " failures = IF(last_failed_at < NOW() - INTERVAL 1 DAY, 1, failures + 1),"
		   " last_failed_at = NOW(),"
		   " blocked_until = IF(failures >= ?, NOW() + INTERVAL"
		   " LEAST(POW(2, LEAST(CAST(failures AS SIGNED) - ?, 40)), ?) SECOND, NULL)",
	    .in = in,
	    .nin = 7,
	};
	struct db_query prune = {
	    .sql = "DELETE FROM login_throttle WHERE last_failed_at < NOW() - INTERVAL 1 DAY"
		   " LIMIT 100",
	};
	int rc = db_run(db, &q);

	return rc < 0 ? rc : db_run(db, &prune);
}

/* A successful sign-in (inside a transaction): the client starts afresh. Returns DB_OK or a
 * negative db_rc. */
static int throttle_clear(struct db *db, const char *client)
{
	struct db_param in[1] = {DB_PTEXT(client)};
	struct db_query q = {
	    .sql = "DELETE FROM login_throttle WHERE client = ?",
	    .in = in,
	    .nin = 1,
	};

	return db_run(db, &q);
}

#define DEVICE_PURPOSE "vms.device"

/* The device cookie's payload: the admin's id (8 bytes, big-endian) and a random nonce. */
struct device {
	int64_t admin_id;
	unsigned char nonce[16];
};

/* A new device cookie for admin_id into out. Returns 0 or -1. */
static int device_issue(int64_t admin_id, char out[TOKEN_TEXT_MAX])
{
	unsigned char p[8 + 16];

	for (int i = 0; i < 8; i++)
		p[i] = (unsigned char)((uint64_t)admin_id >> (56 - 8 * i));
	randombytes_buf(p + 8, 16);
	return token_issue(DEVICE_PURPOSE, p, sizeof p,
			   (int64_t)time(NULL) + SESSION_DEVICE_DAYS * 86400, out);
}

/* True when cookie is a device cookie the server issued, unexpired; fills d. */
static bool device_open(const char *cookie, struct device *d)
{
	struct token_payload p;
	uint64_t id = 0;

	if (!cookie || !token_open(DEVICE_PURPOSE, cookie, (int64_t)time(NULL), &p) ||
	    p.len != 8 + 16)
		return false;
	for (int i = 0; i < 8; i++)
		id = (id << 8) | p.data[i];
	d->admin_id = (int64_t)id;
	memcpy(d->nonce, p.data + 8, 16);
	return true;
}

/* Start a session for s->admin_id (inside a transaction); reset_lock clears its failure count and
 * any lock (not done for a sign-in through a device cookie, which the lock does not concern). */
static int session_create(struct db *db, const struct conf *c, struct session *s,
			  char token[SESSION_TOKEN_LEN + 1], bool reset_lock)
{
	char hash[65];
	struct db_param in[4];
	struct db_query q = {
	    .sql = "INSERT INTO admin_sessions (admin_id, token_hash, csrf_token, expires_at)"
		   " VALUES (?, ?, ?, NOW() + INTERVAL ? MINUTE)",
	    .in = in,
	    .nin = 4,
	};
	struct db_param pin[2] = {DB_PINT(s->admin_id), DB_PINT(c->idle_minutes)};
	struct db_query prune = {
	    /* this admin's ended sessions go when a new one starts */
	    .sql = "DELETE FROM admin_sessions WHERE admin_id = ?"
		   " AND (expires_at <= NOW() OR last_seen_at <= NOW() - INTERVAL ? MINUTE)",
	    .in = pin,
	    .nin = 2,
	};
	int rc;

	session_new_token(token);
	session_new_token(s->csrf);
	session_token_hash(token, hash);
	in[0] = DB_PINT(s->admin_id);
	in[1] = DB_PTEXT(hash);
	in[2] = DB_PTEXT(s->csrf);
	in[3] = DB_PINT(c->absolute_minutes);
	rc = db_run(db, &q);
	if (rc < 0)
		return rc;
	s->id = (int64_t)q.insert_id;
	if (reset_lock && (rc = session_lockout_clear(db, SESSION_ADMINS, s->admin_id)) < 0)
		return rc;
	rc = db_run(db, &prune);
	return rc;
}

/* A sign-in whose password was checked, and what it writes: one transaction either way. */
struct login_tx {
	const struct conf *c;
	struct session *s;
	struct session_outcome *res;
	const char *client, *remote_addr;
	bool known, trusted;
	bool count_failure; /* refused: the account's failure counts towards its lock */
	const char *why;    /* refused: the audit row's detail */
};

/* A refusal: the account's and the client's failure counts, and the audit row. */
static int refuse_body(struct db *db, void *arg)
{
	const struct login_tx *t = arg;
	int rc;

	if (t->count_failure &&
	    (rc = session_lockout_fail(db, t->c, SESSION_ADMINS, t->s->admin_id)) < 0)
		return rc;
	if ((rc = throttle_fail(db, t->c, t->client)) < 0)
		return rc;
	return session_audit(db, t->known ? t->s->admin_id : 0, 0, AUDIT_SIGN_IN_FAILED, t->why,
			     t->remote_addr);
}

/* A success: the client's count cleared, the session, and the audit row. */
static int signin_body(struct db *db, void *arg)
{
	const struct login_tx *t = arg;
	int rc;

	if ((rc = throttle_clear(db, t->client)) < 0 ||
	    (rc = session_create(db, t->c, t->s, t->res->token, !t->trusted)) < 0)
		return rc;
	return session_audit(db, t->s->admin_id, 0, AUDIT_SIGN_IN,
			     t->trusted ? "known device" : NULL, t->remote_addr);
}

int session_login(struct db *db, const struct conf *c, const struct session_attempt *a,
		  struct session_outcome *res, struct session *s)
{
	const char *remote_addr = a->remote_addr;
	char hash[crypto_pwhash_STRBYTES + 1], role[16], client[80];
	int64_t locked = 0, wait;
	struct device dev;
	struct db_param in[1] = {DB_PTEXT(a->login)};
	struct db_col out[5] = {DB_CINT, DB_CTEXT(s->login), DB_CTEXT(hash), DB_CTEXT(role),
				DB_CINT};
	struct db_query q = {
	    .sql = "SELECT id, login, password_hash, role,"
		   " locked_until IS NOT NULL AND locked_until > NOW()"
		   " FROM admins WHERE login = ?",
	    .in = in,
	    .nin = 1,
	    .out = out,
	    .nout = 5,
	};
	struct login_tx t = {
	    .c = c, .s = s, .res = res, .client = client, .remote_addr = remote_addr};
	bool known, trusted, ok;
	int rc;

	memset(s, 0, sizeof *s);
	memset(res, 0, sizeof *res);
	if ((rc = token_key_load(db)) < 0 || (rc = db_get(db, &q)) < 0)
		return rc;
	known = rc == 1;
	if (known) {
		s->admin_id = out[0].i;
		s->superadmin = !strcmp(role, "superadmin");
		locked = out[4].i;
	}
	trusted = known && device_open(a->device, &dev) && dev.admin_id == s->admin_id;
	throttle_client(a, trusted ? dev.nonce : NULL, client);
	if ((wait = throttle_wait(db, client)) < 0)
		return (int)wait;
	if (wait > 0) {
		res->retry_after = wait;
		return SESSION_THROTTLED;
	}
	/* Always one Argon2id verification, so timing does not tell known logins apart. */
	ok = session_password_ok(known ? hash : NULL, a->password);
	t.known = known;
	t.trusted = trusted;
	if (!known || !ok || (locked && !trusted)) {
		t.count_failure = known && !ok && !locked && !trusted;
		t.why = !known		 ? "unknown login"
			: !ok && trusted ? "wrong password (known device)"
			: !ok		 ? "wrong password"
					 : "account locked";
		return (rc = db_tx(db, refuse_body, &t)) < 0 ? rc : SESSION_REFUSED;
	}
	if ((rc = db_tx(db, signin_body, &t)) < 0)
		return rc;
	if (device_issue(s->admin_id, res->device) < 0)
		return DB_ERR;
	return SESSION_OK;
}

struct logout_tx {
	const struct session *s;
	const char *remote_addr;
};

static int logout_body(struct db *db, void *arg)
{
	const struct logout_tx *t = arg;
	struct db_param in[1] = {DB_PINT(t->s->id)};
	struct db_query q = {
	    .sql = "DELETE FROM admin_sessions WHERE id = ?",
	    .in = in,
	    .nin = 1,
	};
	int rc = db_run(db, &q);

	if (rc < 0)
		return rc;
	return session_audit(db, t->s->admin_id, 0, AUDIT_SIGN_OUT, NULL, t->remote_addr);
}

int session_logout(struct db *db, const struct session *s, const char *remote_addr)
{
	struct logout_tx t = {s, remote_addr};

	return db_tx(db, logout_body, &t);
}
