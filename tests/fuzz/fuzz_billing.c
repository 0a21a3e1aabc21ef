/* fuzz_billing.c — the billing webhook's body: the pre-scan and request parsing
 * (billing_parse) and the signature check. Properties: a refusal names what was wrong; an
 * accepted request has a valid request_id and type, and its stored payload is JSON with no
 * secret left in it; a body verifies under its own signature and under no other. */
#include <cjson/cJSON.h>
#include <sodium.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "billing.h"
#include "util.h"

/* True when no object member named like a secret holds anything but "***". */
static bool no_secret(const cJSON *j)
{
	for (const cJSON *c = j ? j->child : NULL; c; c = c->next) {
		if (c->string && strcasestr(c->string, "password") &&
		    !(cJSON_IsString(c) && !strcmp(c->valuestring, "***")))
			return false;
		if (!no_secret(c))
			return false;
	}
	return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char secret[] = "fuzz-secret";
	char sig[sizeof BILLING_SIG_PREFIX + BILLING_SIG_HEX], err[160];
	struct billing_req r;
	const char *body = (const char *)data;

	if (sodium_init() < 0)
		abort();
	if (billing_parse(body, size, &r, err, sizeof err) == 0) {
		cJSON *stored = cJSON_Parse(r.payload);
		if (!r.request_id[0] || !r.sent_type[0] || !r.account[0] || !stored ||
		    !no_secret(stored) || (unsigned)r.type >= BILLING_NTYPES)
			abort();
		cJSON_Delete(stored);
	} else if (!err[0]) {
		abort();
	}
	billing_req_free(&r);
	billing_sign(secret, body, size, sig);
	if (!billing_verify_signature(secret, body, size, sig) ||
	    billing_verify_signature("other", body, size, sig) ||
	    billing_verify_signature(secret, body, size, NULL))
		abort();
	return 0;
}
