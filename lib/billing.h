/* billing.h — the billing webhook's wire format (spec/PRODUCT-NOTES.md, "Billing requests"):
 * the 14 event types and their labels, the request signature, and parsing + validation of a
 * request body. No database here: the effects live in billing_db.h. */
#ifndef VMS_BILLING_H
#define VMS_BILLING_H

#include <stdbool.h>
#include <stddef.h>

struct cJSON;

/* The event types in the order of the product table. The three marked "recorded" are never
 * sent by billing: they are what the log records when a request fails for that reason. */
enum billing_type {
	BILLING_NEW_ENTITY,
	BILLING_PAUSE_ENTITY,
	BILLING_UNPAUSE_ENTITY,
	BILLING_TERMINATE_ENTITY,
	BILLING_CREATE_LOCATION,
	BILLING_CREATE_LOCATION_UNKNOWN_CSA, /* recorded */
	BILLING_DELETE_LOCATION,
	BILLING_UPDATE_LOGIN,
	BILLING_NEW_CAMERA,
	BILLING_ATTACH_CAMERA,
	BILLING_ATTACH_CAMERA_UNKNOWN_CSA, /* recorded */
	BILLING_DETACH_CAMERA,
	BILLING_UNKNOWN_TYPE, /* recorded */
	BILLING_UPDATE_PASSWORD,
	BILLING_NTYPES
};

/* The 14 codes ("billing.new_entity"...), in enum order, NULL-terminated (for req_enum). */
extern const char *const billing_codes[BILLING_NTYPES + 1];

/* The code of t ("billing.unknown_type" for anything out of range). */
const char *billing_code(enum billing_type t);
/* The label of a code ("Billing. Attach camera"), or NULL when code is none of the 14. */
const char *billing_label(const char *code);
/* The type a request names: one billing sends, else BILLING_UNKNOWN_TYPE — also for the three
 * recorded-only codes, which billing never sends. */
enum billing_type billing_type_of(const char *sent);

/* Signature ------------------------------------------------------------------------------- */

#define BILLING_SIG_PREFIX "sha256="
#define BILLING_SIG_HEX 64

/* True when header is "sha256=<64 hex digits>" and the digits are HMAC-SHA256(secret, body)
 * (compared in constant time). An empty or NULL secret or header never verifies. */
bool billing_verify_signature(const char *secret, const char *body, size_t len, const char *header);
/* The header value for body: "sha256=" and lowercase hex into out. */
void billing_sign(const char *secret, const char *body, size_t len,
		  char out[sizeof BILLING_SIG_PREFIX + BILLING_SIG_HEX]);

/* Parsing ---------------------------------------------------------------------------------- */

#define BILLING_MAX_DEPTH 8	  /* objects/arrays nested deeper are refused */
#define BILLING_MAX_PASSWORD 1024 /* bytes */

/* A validated request. Text fields are NUL-terminated copies, "" when absent. */
struct billing_req {
	char request_id[65]; /* 1..64 of [A-Za-z0-9._:-] */
	char account[65];
	char sent_type[256];	/* the type as sent */
	enum billing_type type; /* billing_type_of(sent_type) */
	char login[256];
	char username[256];
	char csa[65];	   /* "" when absent or null */
	char address[256]; /* create_location: as sent; the address system's one is used */
	char external_id[65];
	char name[256];
	char mac[18];
	char serial[65];
	char *password; /* new_entity, update_password; heap, wiped by billing_req_free */
	char *info;	/* new_entity: the info object as JSON text (redacted), or NULL */
	char *payload;	/* the whole request as stored: every secret is "***" (billing_redact) */
};

/* Parse and validate body[0..len) (any bytes; need not be NUL-terminated): UTF-8, nesting
 * depth, JSON syntax, then the fields of the request and of its type's data. Unknown types
 * pass with only the envelope checked. Returns 0 with r filled, or -1 with err naming the
 * field ("data.login: required"). Either way call billing_req_free(r) afterwards. */
int billing_parse(const char *body, size_t len, struct billing_req *r, char *err, size_t errcap);
/* Wipe the password and free what billing_parse allocated; r can be parsed into again. */
void billing_req_free(struct billing_req *r);

/* Redaction ------------------------------------------------------------------------------- */

#define BILLING_REDACTED "***"

/* True when a JSON key names a secret: it contains, ignoring case, one of password, passwd,
 * passphrase, pwd, secret, token, apikey, api_key, credential, private_key. */
bool billing_secret_key(const char *key);
/* Replace the value of every member of v, at any depth (objects and arrays), whose key names a
 * secret by "***", wiping the old text. billing_parse does this before anything is printed
 * for storage. Returns 0, or -1 when memory runs out (v may then be partly redacted). */
int billing_redact(struct cJSON *v);

/* Copy src into dst (cap bytes) cut at a UTF-8 character boundary. */
void billing_copy_text(char *dst, size_t cap, const char *src);

#endif
