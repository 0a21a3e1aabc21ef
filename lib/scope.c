/* scope.c — the camera scope: binding it, and redacting camera data outside it. */
#include "scope.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <string.h>

void scope_bind(struct db_param *in, const struct session *who)
{
	in[0] = DB_PINT(!who || who->superadmin ? 1 : 0);
	in[1] = DB_PINT(who ? who->admin_id : 0);
}

int scope_redact_payload(const char *payload, struct buf *out)
{
	static const char *const keep[] = {"request_id", "type", "account"};
	cJSON *in = cJSON_Parse(payload), *o = cJSON_CreateObject(), *data;
	char *text = NULL;
	int rc = -1;

	if (!o)
		goto out;
	for (size_t i = 0; cJSON_IsObject(in) && i < sizeof keep / sizeof keep[0]; i++) {
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(in, keep[i]);
		cJSON *copy = v ? cJSON_Duplicate(v, 1) : NULL;
		if (v && (!copy || !cJSON_AddItemToObject(o, keep[i], copy))) {
			cJSON_Delete(copy);
			goto out;
		}
	}
	if (!(data = cJSON_AddObjectToObject(o, "data")) ||
	    !cJSON_AddStringToObject(data, "camera", SCOPE_HIDDEN) ||
	    !(text = cJSON_PrintUnformatted(o)))
		goto out;
	buf_reset(out);
	rc = buf_puts(out, text);
out:
	cJSON_free(text);
	cJSON_Delete(o);
	cJSON_Delete(in);
	return rc;
}

void scope_redact_error(char *err, size_t cap)
{
	char *colon = strstr(err, ": ");

	if (!*err)
		return;
	if (!colon) {
		snprintf(err, cap, "%s", SCOPE_HIDDEN);
		return;
	}
	snprintf(colon + 2, cap - (size_t)(colon + 2 - err), "%s", SCOPE_HIDDEN);
}
