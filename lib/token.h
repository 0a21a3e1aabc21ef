/* token.h — tokens only the server can issue: a purpose, an expiry and a small payload under a
 * MAC (libsodium crypto_auth, HMAC-SHA-512-256) keyed by the server key. That key is random,
 * made once by a migration (sql/006_server_keys.sql) and kept in the database, so every
 * program and worker on every host checks what any of them issued, and it survives restarts
 * without a configuration key. Used for the pre-session CSRF token and the device cookie. */
#ifndef VMS_TOKEN_H
#define VMS_TOKEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "db.h"

#define TOKEN_KEY_BYTES 32
#define TOKEN_PAYLOAD_MAX 32
/* hex of version (1) + expiry (8) + payload + MAC (32), plus NUL */
#define TOKEN_TEXT_MAX (2 * (1 + 8 + TOKEN_PAYLOAD_MAX + 32) + 1)

/* Use key from now on (for tests; programs call token_key_load). */
void token_key_set(const unsigned char key[TOKEN_KEY_BYTES]);
/* Read the server key ('token' in server_keys) unless this process has it already. Returns
 * DB_OK, or a negative enum db_rc (DB_ERR when the row is missing or malformed). */
int token_key_load(struct db *db);
/* True once a key is set or loaded. */
bool token_key_ready(void);

/* Write into out the token for purpose (a short constant naming what it is for) carrying
 * payload[0..n) and valid until expires (Unix seconds). Returns 0, or -1 when no key is set
 * or n exceeds TOKEN_PAYLOAD_MAX. */
int token_issue(const char *purpose, const void *payload, size_t n, int64_t expires,
		char out[TOKEN_TEXT_MAX]);
/* A token's payload, as token_open gives it back. */
struct token_payload {
	unsigned char data[TOKEN_PAYLOAD_MAX];
	size_t len;
};
/* True when text is a token token_issue made for purpose under the current key, not expired at
 * now; its payload is then copied into out. Any other text — malformed, forged, of another
 * purpose or expired — is false. */
bool token_open(const char *purpose, const char *text, int64_t now, struct token_payload *out);

#endif
