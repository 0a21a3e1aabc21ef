/* token.c — server-issued tokens under the server key kept in the database. */
#include "token.h"

#include <sodium.h>
#include <string.h>

#include "util.h"

#define VERSION 1
#define HEAD (1 + 8) /* version, expiry */
#define MAC crypto_auth_BYTES
#define PURPOSE_MAX 32

_Static_assert(crypto_auth_BYTES == 32, "TOKEN_TEXT_MAX counts a 32-byte MAC");
_Static_assert(crypto_auth_KEYBYTES == TOKEN_KEY_BYTES, "crypto_auth takes a 32-byte key");

static unsigned char key[TOKEN_KEY_BYTES];
static bool have_key;

void token_key_set(const unsigned char k[TOKEN_KEY_BYTES])
{
	memcpy(key, k, sizeof key);
	have_key = true;
}

bool token_key_ready(void)
{
	return have_key;
}

int token_key_load(struct db *db)
{
	char hex[2 * TOKEN_KEY_BYTES + 2];
	unsigned char k[TOKEN_KEY_BYTES];
	size_t n = 0;
	struct db_col out[1] = {DB_CTEXT(hex)};
	struct db_query q = {
	    .sql = "SELECT LOWER(HEX(secret)) FROM server_keys WHERE name = 'token'",
	    .out = out,
	    .nout = 1,
	};
	int rc;

	if (have_key)
		return DB_OK;
	rc = db_get(db, &q);
	if (rc < 0)
		return rc;
	if (rc == 0 || sodium_hex2bin(k, sizeof k, hex, strlen(hex), NULL, &n, NULL) != 0 ||
	    n != sizeof k)
		return DB_ERR;
	token_key_set(k);
	sodium_memzero(k, sizeof k);
	return DB_OK;
}

/* The MAC of purpose, a NUL, and body[0..n). */
static void mac_of(const char *purpose, const unsigned char *body, size_t n, unsigned char out[MAC])
{
	unsigned char msg[PURPOSE_MAX + 1 + HEAD + TOKEN_PAYLOAD_MAX];
	size_t p = strlen(purpose);

	memcpy(msg, purpose, p);
	msg[p] = '\0';
	memcpy(msg + p + 1, body, n);
	crypto_auth(out, msg, p + 1 + n, key);
}

int token_issue(const char *purpose, const void *payload, size_t n, int64_t expires,
		char out[TOKEN_TEXT_MAX])
{
	unsigned char t[HEAD + TOKEN_PAYLOAD_MAX + MAC];
	uint64_t e = (uint64_t)expires;

	out[0] = '\0';
	if (!have_key || n > TOKEN_PAYLOAD_MAX || strlen(purpose) > PURPOSE_MAX)
		return -1;
	t[0] = VERSION;
	for (int i = 0; i < 8; i++)
		t[1 + i] = (unsigned char)(e >> (56 - 8 * i));
	memcpy(t + HEAD, payload, n);
	mac_of(purpose, t, HEAD + n, t + HEAD + n);
	sodium_bin2hex(out, TOKEN_TEXT_MAX, t, HEAD + n + MAC);
	return 0;
}

bool token_open(const char *purpose, const char *text, int64_t now, struct token_payload *out)
{
	unsigned char t[HEAD + TOKEN_PAYLOAD_MAX + MAC], want[MAC];
	size_t len = text ? strlen(text) : 0, got = 0, body;
	uint64_t e = 0;

	out->len = 0;
	if (!have_key || len < 2 * (HEAD + MAC) || len > 2 * sizeof t || len % 2 ||
	    strlen(purpose) > PURPOSE_MAX)
		return false;
	for (size_t i = 0; i < len; i++)
		if (!((text[i] >= '0' && text[i] <= '9') || (text[i] >= 'a' && text[i] <= 'f')))
			return false;
	if (sodium_hex2bin(t, sizeof t, text, len, NULL, &got, NULL) != 0 || got != len / 2)
		return false;
	body = got - MAC;
	mac_of(purpose, t, body, want);
	if (sodium_memcmp(want, t + body, MAC) != 0 || t[0] != VERSION)
		return false;
	for (int i = 0; i < 8; i++)
		e = (e << 8) | t[1 + i];
	if (e > INT64_MAX || (int64_t)e <= now)
		return false;
	memcpy(out->data, t + HEAD, body - HEAD);
	out->len = body - HEAD;
	return true;
}
