/* fuzz_client.c — what the web client and Log in as User read before any query: the sign-in
 * form (USERSESSION_LOGIN_INPUTS, form or JSON, and its pre-session CSRF token), the link of
 * Log in as User (USERSESSION_LINK_INPUTS, the token's shape, usersession_link_redeem and
 * usersession_check on a malformed token), and the server-issued tokens behind the CSRF token
 * and the device cookie (token_issue / token_open). No database: every call that would query
 * gets none (a query would crash the target).
 *
 * The input's first byte picks a part; the rest is its text. Properties: a sign-in value taken
 * is 1..255 (login) or 1..1024 (password) bytes of UTF-8 text without controls; only a token
 * the server issued, sent in the form and the cookie alike, passes the CSRF check; a link token
 * has a session token's shape exactly when it is 64 hex digits, and of any other shape is
 * refused without a query; a token opens exactly when it is the text token_issue makes for its
 * purpose, payload and expiry under the key, unexpired — an issued one with any character
 * changed, for another purpose or past its expiry does not; session_token_eq is strcmp on
 * non-empty tokens; a token's hash is 64 lowercase hex digits. */
#include <sodium.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "req.h"
#include "session.h"
#include "token.h"
#include "usersession.h"
#include "util.h"

/* POST /app/login and GET /app/impersonate, as cgi-bin/client.c declares them. */
static const char *const ended_choices[] = {"1", NULL};
enum { F_ENDED, F_LOGIN, F_PASSWORD, NLOGIN };
static const struct req_field login_fields[NLOGIN] = {
    [F_ENDED] = {.name = "ended", .src = REQ_QUERY, .check = req_enum, .choices = ended_choices},
    USERSESSION_LOGIN_INPUTS(F_LOGIN, F_PASSWORD),
};
enum { L_USER, L_TOKEN, NLINK };
static const struct req_field link_fields[NLINK] = {USERSESSION_LINK_INPUTS(L_USER, L_TOKEN)};

#define NOW 1700000000

static const char *const purposes[] = {"vms.csrf", "vms.device", "vms.other"};
static struct req r;
static char issued[TOKEN_TEXT_MAX]; /* a pre-session token of this process */

/* A C string of p[0..n) (NULs and all: strlen sees the first). Free it. */
static char *text_of(const uint8_t *p, size_t n)
{
	char *s = malloc(n + 1);

	if (!s)
		abort();
	memcpy(s, p, n);
	s[n] = '\0';
	return s;
}

static bool hex_only(const char *s, size_t n, bool upper_too)
{
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
		      (upper_too && c >= 'A' && c <= 'F')))
			return false;
	}
	return true;
}

/* The sign-in form: "body\ncookie" (bit 0 of flags: a JSON body). */
static void sign_in(uint8_t flags, const uint8_t *p, size_t n)
{
	const uint8_t *nl = memchr(p, '\n', n);
	size_t bn = nl ? (size_t)(nl - p) : n;
	char *body = text_of(p, bn), *cookie = text_of(nl ? nl + 1 : p + n, nl ? n - bn - 1 : 0);
	const char *sent;
	int rc;

	if (req_parse_pairs(&r, "ended=1", 7) < 0)
		abort();
	r.nquery = r.npairs;
	rc = flags & 1 ? req_parse_json(&r, body, bn) : req_parse_pairs(&r, body, bn);
	if (rc == 0 && req_validate(&r, login_fields, NLOGIN) == 0) {
		const struct req_value *l = req_val(&r, F_LOGIN), *pw = req_val(&r, F_PASSWORD);
		if (!l->present || l->len < 1 || l->len > 255 ||
		    !utf8_ok(l->s, l->len, UTF8_TEXT) || !pw->present || pw->len < 1 ||
		    pw->len > 1024 || !utf8_ok(pw->s, pw->len, UTF8_TEXT) ||
		    req_int_of(&r, F_ENDED) != 0)
			abort();
	} else if (!r.err[0]) {
		abort();
	}
	/* the CSRF token: the form's, or this process's own when flags ask for it */
	sent = flags & 2 ? issued : req_form_pair(&r, "csrf");
	if (flags & 4)
		cookie = strcpy(realloc(cookie, sizeof issued), issued);
	rc = session_presession_check(NULL, sent, cookie);
	if (rc != (sent && !strcmp(sent, issued) && !strcmp(cookie, issued)))
		abort();
	free(body);
	free(cookie);
}

/* The Log in as User link: its query string. */
static void link_query(const uint8_t *p, size_t n)
{
	char out[SESSION_TOKEN_LEN + 1], hash[65];
	const char *token;
	size_t len;
	long max_age = -1;
	struct usersession us;
	struct usersession_link l = {.user_id = 7};

	if (req_parse_pairs(&r, (const char *)p, n) < 0 ||
	    req_validate(&r, link_fields, NLINK) < 0) {
		if (!r.err[0])
			abort();
		return;
	}
	if (req_int_of(&r, L_USER) < 1)
		abort();
	token = req_str_of(&r, L_TOKEN);
	len = strlen(token);
	if (len < 1 || len > 128 || !utf8_ok(token, len, UTF8_TEXT))
		abort();
	if (session_token_shape_ok(token) !=
	    (len == SESSION_TOKEN_LEN && hex_only(token, len, true)))
		abort();
	if (!session_token_shape_ok(token)) {
		/* db and conf NULL: a query would crash */
		if (usersession_link_redeem(NULL, NULL, &l, token, out, &max_age) != 0 || out[0] ||
		    max_age != 0 || usersession_check(NULL, NULL, token, &us) != 0)
			abort();
		return;
	}
	session_token_hash(token, hash);
	if (strlen(hash) != 64 || !hex_only(hash, 64, false) || !session_token_eq(token, token))
		abort();
}

/* A token's text as it came: opens only when it is what token_issue makes of its content. */
static void open_text(uint8_t flags, const uint8_t *p, size_t n)
{
	char *text = text_of(p, n), again[TOKEN_TEXT_MAX];
	const char *purpose = purposes[flags % 3];
	struct token_payload got;
	uint8_t raw[TOKEN_TEXT_MAX / 2];
	size_t len = strlen(text);
	int64_t expires = 0;

	if (token_open(purpose, text, NOW, &got)) {
		if (sodium_hex2bin(raw, sizeof raw, text, len, NULL, NULL, NULL) != 0)
			abort();
		for (int i = 1; i <= 8; i++)
			expires = (int64_t)((uint64_t)expires << 8 | raw[i]);
		if (expires <= NOW ||
		    token_issue(purpose, got.data, got.len, expires, again) != 0 ||
		    strcmp(again, text) != 0)
			abort();
	}
	if (!session_token_eq(text, text) != !len)
		abort();
	free(text);
}

/* A token issued from the input, then opened as issued and as changed by the input. The input:
 * expiry (8 bytes), payload length (a byte), payload, then (position, character) pairs. */
static void issue_and_open(uint8_t flags, const uint8_t *p, size_t n)
{
	char t[TOKEN_TEXT_MAX], changed[TOKEN_TEXT_MAX + 1]; /* one more: a character added */
	const char *purpose = purposes[flags % 3], *other = purposes[(flags + 1) % 3];
	struct token_payload got;
	uint64_t e = 0;
	size_t plen, len;
	int rc;

	if (n < 9)
		return;
	for (int i = 0; i < 8; i++)
		e = e << 8 | p[i];
	plen = p[8] % 40;
	p += 9;
	n -= 9;
	if (plen > n)
		plen = n;
	rc = token_issue(purpose, p, plen, (int64_t)e, t);
	if ((rc == 0) != (plen <= TOKEN_PAYLOAD_MAX) || (rc < 0 && t[0]))
		abort();
	if (rc < 0)
		return;
	len = strlen(t);
	if (len != 2 * (1 + 8 + plen + 32) || !hex_only(t, len, false))
		abort();
	/* opens before its expiry, with its payload; not at or after it, nor for another purpose */
	if (token_open(purpose, t, NOW, &got) != ((int64_t)e > NOW))
		abort();
	if ((int64_t)e > NOW && (got.len != plen || memcmp(got.data, p, plen)))
		abort();
	if ((int64_t)e > NOW && token_open(purpose, t, (int64_t)e, &got))
		abort();
	if (token_open(other, t, NOW, &got))
		abort();
	/* any change the input makes: refused unless it changed nothing */
	p += plen;
	n -= plen;
	memcpy(changed, t, len + 1);
	changed[len + 1] = '\0';
	for (size_t i = 0; i + 1 < n; i += 2) {
		size_t at = p[i] % (len + 1);
		changed[at] = (char)p[i + 1];
		if (p[i + 1] == 0)
			break;
	}
	if (token_open(purpose, changed, NOW, &got) && strcmp(changed, t) != 0)
		abort();
	if (session_token_eq(changed, t) != !strcmp(changed, t))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static bool ready;
	uint8_t part, flags;

	if (!ready) {
		static const unsigned char key[TOKEN_KEY_BYTES] = "fuzz-key-fuzz-key-fuzz-key-fuzz";
		if (sodium_init() < 0)
			abort();
		token_key_set(key);
		req_init(&r);
		if (session_presession_token(NULL, issued) != DB_OK) /* the key is set: no query */
			abort();
		ready = true;
	}
	if (size < 1)
		return 0;
	part = data[0] & 3;
	flags = data[0] >> 2;
	req_reset(&r);
	switch (part) {
	case 0:
		sign_in(flags, data + 1, size - 1);
		break;
	case 1:
		link_query(data + 1, size - 1);
		break;
	case 2:
		open_text(flags, data + 1, size - 1);
		break;
	default:
		issue_and_open(flags, data + 1, size - 1);
	}
	req_reset(&r);
	return 0;
}
