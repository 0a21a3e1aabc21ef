/* billing.c — billing request types and labels, the HMAC signature, and request parsing. */
#include "billing.h"

#include <cjson/cJSON.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* Codes and labels exactly as the product documentation names them. */
static const char *const labels[BILLING_NTYPES] = {
    "Billing. New entity",
    "Billing. Pause entity",
    "Billing. Unpause entity",
    "Billing. Terminate entity",
    "Billing. Create location",
    "Billing. Failed to create location",
    "Billing. Delete location",
    "Billing. Update login",
    "Billing. New camera",
    "Billing. Attach camera",
    "Billing. Failed to attach camera",
    "Billing. Detach camera",
    "Billing. Unknown type",
    "Billing. Update password",
};

const char *const billing_codes[BILLING_NTYPES + 1] = {
    "billing.new_entity",
    "billing.pause_entity",
    "billing.unpause_entity",
    "billing.terminate_entity",
    "billing.create_location",
    "billing.create_location_unknown_csa",
    "billing.delete_location",
    "billing.update_login",
    "billing.new_camera",
    "billing.attach_camera",
    "billing.attach_camera_unknown_csa",
    "billing.detach_camera",
    "billing.unknown_type",
    "billing.update_password",
    NULL,
};

const char *billing_code(enum billing_type t)
{
	return (unsigned)t < BILLING_NTYPES ? billing_codes[t]
					    : billing_codes[BILLING_UNKNOWN_TYPE];
}

const char *billing_label(const char *code)
{
	for (int i = 0; i < BILLING_NTYPES; i++)
		if (code && !strcmp(code, billing_codes[i]))
			return labels[i];
	return NULL;
}

enum billing_type billing_type_of(const char *sent)
{
	for (int i = 0; i < BILLING_NTYPES; i++) {
		if (i == BILLING_CREATE_LOCATION_UNKNOWN_CSA ||
		    i == BILLING_ATTACH_CAMERA_UNKNOWN_CSA || i == BILLING_UNKNOWN_TYPE)
			continue;
		if (!strcmp(sent, billing_codes[i]))
			return (enum billing_type)i;
	}
	return BILLING_UNKNOWN_TYPE;
}

/* Signature -------------------------------------------------------------------------------- */

static void hmac(const char *secret, const char *body, size_t len,
		 unsigned char out[crypto_auth_hmacsha256_BYTES])
{
	crypto_auth_hmacsha256_state st;

	/* any key length: HMAC hashes a key longer than the block, as RFC 2104 says */
	crypto_auth_hmacsha256_init(&st, (const unsigned char *)secret, strlen(secret));
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)body, len);
	crypto_auth_hmacsha256_final(&st, out);
	sodium_memzero(&st, sizeof st);
}

bool billing_verify_signature(const char *secret, const char *body, size_t len, const char *header)
{
	unsigned char want[crypto_auth_hmacsha256_BYTES], got[crypto_auth_hmacsha256_BYTES];
	const size_t plen = sizeof BILLING_SIG_PREFIX - 1;
	size_t n = 0;

	if (!secret || !*secret || !header || strncmp(header, BILLING_SIG_PREFIX, plen) != 0 ||
	    strlen(header + plen) != BILLING_SIG_HEX)
		return false;
	if (sodium_hex2bin(got, sizeof got, header + plen, BILLING_SIG_HEX, NULL, &n, NULL) != 0 ||
	    n != sizeof got)
		return false;
	hmac(secret, body, len, want);
	return sodium_memcmp(want, got, sizeof want) == 0;
}

void billing_sign(const char *secret, const char *body, size_t len,
		  char out[sizeof BILLING_SIG_PREFIX + BILLING_SIG_HEX])
{
	unsigned char mac[crypto_auth_hmacsha256_BYTES];

	hmac(secret, body, len, mac);
	memcpy(out, BILLING_SIG_PREFIX, sizeof BILLING_SIG_PREFIX - 1);
	sodium_bin2hex(out + sizeof BILLING_SIG_PREFIX - 1, BILLING_SIG_HEX + 1, mac, sizeof mac);
}

/* Parsing ---------------------------------------------------------------------------------- */

#define MAX_KEYS 64 /* per object we read: keeps the duplicate check cheap */

void billing_copy_text(char *dst, size_t cap, const char *src)
{
	size_t n = strlen(src);

	if (cap == 0)
		return;
	if (n >= cap) {
		n = cap - 1;
		while (n > 0 && ((unsigned char)src[n] & 0xc0) == 0x80)
			n--; /* never cut a character in two */
	}
	memcpy(dst, src, n);
	dst[n] = '\0';
}

static int fail(char *err, size_t cap, const char *where, const char *key, const char *why)
{
	snprintf(err, cap, "%s%s: %s", where, key, why);
	return -1;
}

/* What cJSON does not check, on the raw bytes before it parses them: every string is UTF-8
 * without raw control characters and without \u0000 (cJSON would silently cut the string
 * there), and objects/arrays nest at most BILLING_MAX_DEPTH deep (cJSON recurses to 1000). */
static int scan(const char *s, size_t n, char *err, size_t cap)
{
	size_t depth = 0;

	for (size_t i = 0; i < n; i++) {
		if (s[i] == '"') {
			size_t start = ++i;
			while (i < n && s[i] != '"') {
				if (s[i] == '\\' && i + 5 < n && s[i + 1] == 'u' &&
				    !memcmp(s + i + 2, "0000", 4))
					return fail(err, cap, "", "body",
						    "\\u0000 is not allowed in a string");
				i += s[i] == '\\' ? 2 : 1;
			}
			if (i >= n)
				return fail(err, cap, "", "body",
					    "not valid JSON (unterminated string)");
			if (!utf8_ok(s + start, i - start, UTF8_TEXT))
				return fail(err, cap, "", "body",
					    "a string is not valid UTF-8 text");
		} else if (s[i] == '{' || s[i] == '[') {
			if (++depth > BILLING_MAX_DEPTH)
				return fail(err, cap, "", "body", "nested too deeply");
		} else if ((s[i] == '}' || s[i] == ']') && depth > 0) {
			depth--;
		}
	}
	return 0;
}

/* An object's keys are unique (cJSON keeps duplicates and finds the first) and few. */
static int keys_ok(const cJSON *obj, const char *what, char *err, size_t cap)
{
	size_t n = 0;

	for (const cJSON *a = obj->child; a; a = a->next) {
		if (++n > MAX_KEYS)
			return fail(err, cap, "", what, "too many keys");
		for (const cJSON *b = a->next; b; b = b->next)
			if (!strcmp(a->string, b->string))
				return fail(err, cap, "", what, "a key is given twice");
	}
	return 0;
}

/* The text at obj[key]: *out = NULL when absent or null (an error when required), else a
 * non-empty string of at most max bytes without control characters. Returns 0 or -1. */
static int text_at(const cJSON *obj, const char *where, const char *key, size_t max, bool required,
		   const char **out, char *err, size_t cap)
{
	const cJSON *v = obj ? cJSON_GetObjectItemCaseSensitive(obj, key) : NULL;
	size_t n;

	*out = NULL;
	if (!v || cJSON_IsNull(v))
		return required ? fail(err, cap, where, key, "required") : 0;
	if (!cJSON_IsString(v))
		return fail(err, cap, where, key, "must be a string");
	n = strlen(v->valuestring);
	if (n == 0)
		return required ? fail(err, cap, where, key, "must not be empty") : 0;
	if (n > max) {
		char why[48];
		snprintf(why, sizeof why, "longer than %zu bytes", max);
		return fail(err, cap, where, key, why);
	}
	if (!utf8_ok(v->valuestring, n, UTF8_TEXT))
		return fail(err, cap, where, key, "not valid text");
	*out = v->valuestring;
	return 0;
}

/* A text field into a fixed member of struct billing_req. */
static int text_into(const cJSON *obj, const char *where, const char *key, char *dst, size_t dcap,
		     bool required, char *err, size_t cap)
{
	const char *v;

	if (text_at(obj, where, key, dcap - 1, required, &v, err, cap) < 0)
		return -1;
	billing_copy_text(dst, dcap, v ? v : "");
	return 0;
}

#define MEMBER(m) offsetof(struct billing_req, m), sizeof((struct billing_req *)0)->m

/* The text fields of each type's data (password and info are handled on their own). */
static const struct {
	enum billing_type type;
	const char *key;
	size_t off, cap;
	bool required;
} data_fields[] = {
    {BILLING_NEW_ENTITY, "login", MEMBER(login), true},
    {BILLING_NEW_ENTITY, "username", MEMBER(username), true},
    {BILLING_CREATE_LOCATION, "csa", MEMBER(csa), true},
    {BILLING_CREATE_LOCATION, "address", MEMBER(address), false},
    {BILLING_DELETE_LOCATION, "csa", MEMBER(csa), true},
    {BILLING_UPDATE_LOGIN, "login", MEMBER(login), true},
    {BILLING_NEW_CAMERA, "external_id", MEMBER(external_id), true},
    {BILLING_NEW_CAMERA, "name", MEMBER(name), true},
    {BILLING_NEW_CAMERA, "mac", MEMBER(mac), false},
    {BILLING_NEW_CAMERA, "serial", MEMBER(serial), false},
    {BILLING_NEW_CAMERA, "csa", MEMBER(csa), false},
    {BILLING_ATTACH_CAMERA, "external_id", MEMBER(external_id), true},
    {BILLING_ATTACH_CAMERA, "csa", MEMBER(csa), false},
    {BILLING_DETACH_CAMERA, "external_id", MEMBER(external_id), true},
};

static bool request_id_ok(const char *s)
{
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9') || *s == '-' || *s == '_' || *s == '.' || *s == ':'))
			return false;
	return true;
}

/* request_id, type, account; data must be an object when given. */
static int envelope(const cJSON *root, struct billing_req *r, char *err, size_t cap)
{
	const cJSON *data = cJSON_GetObjectItemCaseSensitive(root, "data");

	if (text_into(root, "", "request_id", r->request_id, sizeof r->request_id, true, err, cap) <
	    0)
		return -1;
	if (!request_id_ok(r->request_id))
		return fail(err, cap, "", "request_id",
			    "only letters, digits and . _ : - are allowed");
	if (text_into(root, "", "type", r->sent_type, sizeof r->sent_type, true, err, cap) < 0 ||
	    text_into(root, "", "account", r->account, sizeof r->account, true, err, cap) < 0)
		return -1;
	r->type = billing_type_of(r->sent_type);
	if (data && !cJSON_IsNull(data) && !cJSON_IsObject(data))
		return fail(err, cap, "", "data", "must be an object");
	if (cJSON_IsObject(data) && keys_ok(data, "data", err, cap) < 0)
		return -1;
	return 0;
}

/* The password of the types that have one, copied out (billing_redact then removes it, with
 * every other secret, from the tree that is stored). */
static int take_password(cJSON *data, struct billing_req *r, char *err, size_t cap)
{
	const char *pw;

	if (r->type != BILLING_NEW_ENTITY && r->type != BILLING_UPDATE_PASSWORD)
		return 0;
	if (text_at(data, "data.", "password", BILLING_MAX_PASSWORD, true, &pw, err, cap) < 0)
		return -1;
	if (!(r->password = strdup(pw)))
		return fail(err, cap, "", "body", "out of memory");
	return 0;
}

/* Words that make a key name a secret's, matched anywhere in the name, ignoring case. */
static const char *const secret_words[] = {
    "password", "passwd", "passphrase", "pwd",	      "secret",
    "token",	"apikey", "api_key",	"credential", "private_key",
};

bool billing_secret_key(const char *key)
{
	/* the whole name, however long: a word after its first bytes names a secret too */
	for (size_t i = 0; i < sizeof secret_words / sizeof secret_words[0]; i++)
		if (strcasestr(key, secret_words[i]))
			return true;
	return false;
}

/* Wipe the text of every string under v, so a secret's bytes do not linger in freed memory. */
static void wipe(cJSON *v)
{
	if (cJSON_IsString(v) && v->valuestring)
		sodium_memzero(v->valuestring, strlen(v->valuestring));
	for (cJSON *c = v->child; c; c = c->next)
		wipe(c);
}

int billing_redact(cJSON *v)
{
	for (cJSON *c = v ? v->child : NULL; c; c = c->next) {
		if (cJSON_IsObject(v) && c->string && billing_secret_key(c->string)) {
			cJSON *stars = cJSON_CreateString(BILLING_REDACTED);
			if (!stars)
				return -1;
			wipe(c);
			/* the key moves over by hand: replacing by name finds the first of two
			 * equal keys; ReplaceItemViaPointer leaves the new item without a key */
			stars->string = c->string;
			c->string = NULL;
			cJSON_ReplaceItemViaPointer(v, c, stars); /* frees c */
			c = stars;
		} else if (billing_redact(c) < 0) {
			return -1;
		}
	}
	return 0;
}

/* The fields of r->type's data; info is checked here and printed after redaction. */
static int data_of(cJSON *data, struct billing_req *r, char *err, size_t cap)
{
	const cJSON *info;

	for (size_t i = 0; i < sizeof data_fields / sizeof data_fields[0]; i++) {
		if (data_fields[i].type != r->type)
			continue;
		if (text_into(data, "data.", data_fields[i].key, (char *)r + data_fields[i].off,
			      data_fields[i].cap, data_fields[i].required, err, cap) < 0)
			return -1;
	}
	if (take_password(data, r, err, cap) < 0)
		return -1;
	if (r->type != BILLING_NEW_ENTITY)
		return 0;
	info = cJSON_GetObjectItemCaseSensitive(data, "info");
	if (!info || cJSON_IsNull(info))
		return 0;
	if (!cJSON_IsObject(info))
		return fail(err, cap, "data.", "info", "must be an object");
	return 0;
}

int billing_parse(const char *body, size_t len, struct billing_req *r, char *err, size_t errcap)
{
	const char *end = NULL;
	cJSON *root = NULL, *data, *info;
	int rc = -1;

	memset(r, 0, sizeof *r);
	err[0] = '\0';
	if (scan(body, len, err, errcap) < 0)
		return -1;
	/* 0, not 1: with 1 cJSON wants the NUL counted in len; check the end ourselves */
	root = cJSON_ParseWithLengthOpts(body, len, &end, 0);
	if (root && end)
		while (end < body + len &&
		       (*end == ' ' || *end == '\t' || *end == '\n' || *end == '\r'))
			end++;
	if (!root || end != body + len) {
		fail(err, errcap, "", "body", "not valid JSON");
		goto out;
	}
	if (!cJSON_IsObject(root)) {
		fail(err, errcap, "", "body", "must be a JSON object");
		goto out;
	}
	if (keys_ok(root, "body", err, errcap) < 0 || envelope(root, r, err, errcap) < 0 ||
	    data_of(cJSON_GetObjectItemCaseSensitive(root, "data"), r, err, errcap) < 0)
		goto out;
	/* from here on the tree holds no secret: both the stored payload and the info object
	 * (the User tab's billing data) are printed from it */
	if (billing_redact(root) < 0) {
		fail(err, errcap, "", "body", "out of memory");
		goto out;
	}
	data = cJSON_GetObjectItemCaseSensitive(root, "data");
	info = r->type == BILLING_NEW_ENTITY && cJSON_IsObject(data)
		   ? cJSON_GetObjectItemCaseSensitive(data, "info")
		   : NULL;
	if (cJSON_IsObject(info) && !(r->info = cJSON_PrintUnformatted(info))) {
		fail(err, errcap, "", "body", "out of memory");
		goto out;
	}
	if (!(r->payload = cJSON_PrintUnformatted(root))) {
		fail(err, errcap, "", "body", "out of memory");
		goto out;
	}
	rc = 0;
out:
	cJSON_Delete(root);
	return rc;
}

void billing_req_free(struct billing_req *r)
{
	if (r->password) {
		sodium_memzero(r->password, strlen(r->password));
		free(r->password);
	}
	cJSON_free(r->info);
	cJSON_free(r->payload);
	r->password = r->info = r->payload = NULL;
}
