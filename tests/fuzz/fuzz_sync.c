/* fuzz_sync.c — Synchronize cameras: the snapshot vmsadmin-sync builds and signs (lib/sync.c's
 * sync_snapshot_*, billing_sign), and the requests the demo receiver reads and checks
 * (tests/sync-receiver.c, included here: its read_request and header, then
 * billing_verify_signature as it calls it), without the network: a request comes through a
 * pipe.
 *
 * The input's first byte picks a part. A snapshot: the job's numbers and time, then up to two
 * lines — "p<code>" a permission, "c<8 bytes><name>\t<address>" a camera. A request: its bytes
 * as they arrive, or a body the target posts as vmsadmin-sync does (push.c's headers) under its
 * signature as the input changes it. Properties: the snapshot is one line of JSON that parses
 * back to exactly what was put in (numbers, texts, null location, blocked, availability with
 * archive only under archives-show and never while blocked) and is valid UTF-8 when its texts
 * are; the receiver takes exactly Content-Length bytes after the head, as the head says (never
 * a header line of the body), and accepts the signature exactly when it is the body's under the
 * secret (hex in either case), so it accepts what vmsadmin-sync signs and nothing it did not. */
#include <cjson/cJSON.h>
#include <sodium.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "sync.h"
#include "util.h"

#define main sync_receiver_main
#include "../sync-receiver.c"
#undef main

static const char secret[] = "fuzz-sync-secret";
static char head[HEAD_MAX];
static struct buf framed;

/* The number of n big-endian bytes at p. */
static int64_t number(const uint8_t *p, size_t n)
{
	uint64_t x = 0;

	for (size_t i = 0; i < n; i++)
		x = x << 8 | p[i];
	return (int64_t)x;
}

/* Content-Length as the head h[0..n) (request line and header lines, no blank line) says it,
 * read as the receiver reads a header: the first line of that name, its value after spaces,
 * at most 31 characters of it, by strtol. */
static long head_length(const char *h, size_t n)
{
	const char *p = memmem(h, n, "\r\n", 2), *end = h + n;
	char v[32] = "";

	while (p && p + 2 < end) {
		const char *line = p + 2, *eol = memmem(line, (size_t)(end - line), "\r\n", 2);
		size_t len = (size_t)((eol ? eol : end) - line);
		if (len >= 15 && !strncasecmp(line, "Content-Length:", 15)) {
			const char *s = line + 15;
			while (s < line + len && *s == ' ')
				s++;
			len = (size_t)(line + len - s);
			memcpy(v, s, len < 31 ? len : 31);
			v[len < 31 ? len : 31] = '\0';
			break;
		}
		p = eol;
	}
	return strtol(v, NULL, 10);
}

/* One request through the receiver's reading and signature check, against the rules above.
 * Returns whether the signature was accepted (false too when the request was refused). */
static bool check_request(const uint8_t *req, size_t n)
{
	char sig[160], right[sizeof BILLING_SIG_PREFIX + BILLING_SIG_HEX], *body = NULL, *first;
	int fd[2];
	long len, want = -1;
	size_t seen = n < HEAD_MAX - 1 ? n : HEAD_MAX - 1;
	bool ok, expect;

	if (n > 60000 || pipe(fd) < 0) /* the whole request fits in the pipe */
		return false;
	if (n && write(fd[1], req, n) != (ssize_t)n)
		abort();
	close(fd[1]);
	len = read_request(fd[0], head, &body);
	close(fd[0]);
	/* what the rules expect: the first blank line within what one read takes */
	buf_reset(&framed);
	buf_append(&framed, req, seen);
	first = strstr(buf_str(&framed), "\r\n\r\n");
	if (first) {
		size_t hn = (size_t)(first - framed.data);
		long cl = head_length(framed.data, hn);
		if (cl >= 0 && cl <= BODY_MAX && n - hn - 4 >= (size_t)cl)
			want = cl;
	}
	if (len != want || (len >= 0 && memcmp(body, req + (first - framed.data) + 4, (size_t)len)))
		abort();
	if (len < 0) {
		free(body);
		return false;
	}
	if (body[len] != '\0')
		abort();
	header(head, PUSH_SIG_HEADER, sig, sizeof sig);
	ok = billing_verify_signature(secret, body, (size_t)len, sig);
	billing_sign(secret, body, (size_t)len, right);
	expect = strlen(sig) == strlen(right) &&
		 !strncmp(sig, right, sizeof BILLING_SIG_PREFIX - 1) && !strcasecmp(sig, right);
	if (ok != expect)
		abort();
	free(body);
	return ok;
}

/* Frame body as vmsadmin-sync posts it, with signature sig, and check it. */
static bool post(const char *body, size_t n, const char *sig, bool lower)
{
	struct buf b;
	bool ok;

	buf_init(&b);
	buf_printf(&b,
		   "POST /push HTTP/1.1\r\nHost: 127.0.0.1\r\n%s: %zu\r\n%s: 42\r\n%s: %s\r\n\r\n",
		   lower ? "content-length" : "Content-Length", n, PUSH_KEY_HEADER,
		   lower ? "x-sync-signature" : PUSH_SIG_HEADER, sig);
	buf_append(&b, body, n);
	ok = check_request((const uint8_t *)b.data, b.len);
	buf_free(&b);
	return ok;
}

/* A body from the input under its own signature, as the input changes it: flags, the position
 * and the character of a change, then the body. */
static void signed_body(const uint8_t *p, size_t n)
{
	char sig[sizeof BILLING_SIG_PREFIX + BILLING_SIG_HEX];
	bool changed;

	if (n < 3)
		return;
	billing_sign(secret, (const char *)p + 3, n - 3, sig);
	changed = p[0] & 1 && sig[p[1] % (sizeof sig - 1)] != (char)p[2] && p[2];
	if (changed)
		sig[p[1] % (sizeof sig - 1)] = (char)p[2];
	if (p[0] & 4)
		for (char *s = sig + sizeof BILLING_SIG_PREFIX - 1; *s; s++)
			if (*s >= 'a' && *s <= 'f')
				*s = (char)(*s - 'a' + 'A');
	(void)post((const char *)p + 3, n - 3, sig, p[0] & 2);
}

static bool same_string(const cJSON *o, const char *name, const char *want)
{
	const cJSON *s = cJSON_GetObjectItemCaseSensitive(o, name);

	return cJSON_IsString(s) && !strcmp(s->valuestring, want);
}

static bool same_number(const cJSON *o, const char *name, int64_t want)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);

	return cJSON_IsNumber(v) && v->valuedouble == (double)want;
}

static bool same_bool(const cJSON *o, const char *name, bool want)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);

	return cJSON_IsBool(v) && cJSON_IsTrue(v) == want;
}

/* A camera's line: status, location (2 bytes), id (4 bytes), archive days, then
 * name\taddress. */
static void camera_of(const char *line, size_t n, struct sync_snapshot_camera *c, char **name,
		      char **address)
{
	uint8_t f[8] = {0};
	const char *tab;

	memcpy(f, line, n < 8 ? n : 8);
	line += n < 8 ? n : 8;
	n -= n < 8 ? n : 8;
	tab = memchr(line, '\t', n);
	*name = strndup(line, tab ? (size_t)(tab - line) : n);
	*address = tab ? strndup(tab + 1, (size_t)(line + n - tab - 1)) : strdup("");
	if (!*name || !*address)
		abort();
	c->status = (int)f[0] - 1;
	c->location_id = number(f + 1, 2);
	c->id = number(f + 3, 4);
	c->archive_days = f[7];
	c->name = *name;
	c->address = *address;
}

static void check_camera(const cJSON *o, const struct sync_snapshot_camera *c, bool blocked,
			 bool archive)
{
	static const char *const statuses[] = {"active", "partially_active", "inactive", "empty"};
	const cJSON *loc = cJSON_GetObjectItemCaseSensitive(o, "location");
	const cJSON *av = cJSON_GetObjectItemCaseSensitive(o, "availability");

	if (!same_number(o, "id", c->id) || !same_string(o, "name", c->name) ||
	    !same_string(o, "status", c->status >= 0 && c->status < 4 ? statuses[c->status] : "") ||
	    !same_bool(o, "blocked", blocked) || !same_bool(av, "live", !blocked) ||
	    !same_bool(av, "archive", !blocked && archive) ||
	    !same_number(av, "archive_days", c->archive_days))
		abort();
	if (c->location_id ? !same_number(loc, "id", c->location_id) ||
				 !same_string(loc, "address", c->address)
			   : !cJSON_IsNull(loc))
		abort();
}

/* The input's first lines, as (start, length). Two — two cameras, two permissions, or one of
 * each — reach every path of the builder and show its order; each more line only adds a dozen
 * allocations to every run. */
#define MAX_LINES 2
static struct {
	const char *s;
	size_t n;
} lines[MAX_LINES];

static size_t split(const uint8_t *p, size_t n)
{
	const char *s = (const char *)p, *end = s + n;
	size_t k = 0;

	while (s < end && k < MAX_LINES) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		lines[k].s = s;
		lines[k++].n = (size_t)((nl ? nl : end) - s);
		s = nl ? nl + 1 : end;
	}
	return k;
}

/* The snapshot of the input: flags (bit 0: blocked), job id,
 * user id and settings version (6 bytes each), time (4 bytes), then the lines. */
static void snapshot(const uint8_t *p, size_t n)
{
	uint8_t h[23] = {0};
	char when[32];
	struct sync_claim cl;
	struct sync_snapshot s;
	const cJSON *root, *perms, *cams, *item;
	cJSON *parsed;
	bool blocked, archive = false, utf8 = true;
	size_t nlines;
	time_t now;
	struct tm tm;

	memcpy(h, p, n < sizeof h ? n : sizeof h);
	p += n < sizeof h ? n : sizeof h;
	n -= n < sizeof h ? n : sizeof h;
	nlines = split(p, n);
	blocked = h[0] & 1;
	sync_claim_init(&cl);
	cl.job_id = number(h + 1, 6);
	cl.user_id = number(h + 7, 6);
	cl.settings_version = number(h + 13, 6);
	now = (time_t)number(h + 19, 4);
	if (sync_snapshot_init(&s, &cl, blocked, now) < 0)
		abort();
	/* the permissions first, as the claim adds them, then the cameras */
	for (size_t k = 0; k < nlines; k++) {
		char *code;
		if (!lines[k].n || lines[k].s[0] != 'p')
			continue;
		if (!(code = strndup(lines[k].s + 1, lines[k].n - 1)) ||
		    sync_snapshot_permission(&s, code) < 0)
			abort();
		archive |= !strcmp(code, "archives-show");
		utf8 &= utf8_ok(code, strlen(code), UTF8_ANY);
		free(code);
	}
	for (size_t k = 0; k < nlines; k++) {
		struct sync_snapshot_camera c;
		char *name, *address;
		if (!lines[k].n || lines[k].s[0] != 'c')
			continue;
		camera_of(lines[k].s + 1, lines[k].n - 1, &c, &name, &address);
		if (sync_snapshot_camera(&s, &c) < 0)
			abort();
		utf8 &= utf8_ok(name, strlen(name), UTF8_ANY) &&
			utf8_ok(address, strlen(address), UTF8_ANY);
		free(name);
		free(address);
	}
	if (s.archive != archive || sync_snapshot_print(&s, &cl.snapshot) < 0)
		abort();
	sync_snapshot_free(&s);
	/* one line of JSON: no control character, valid UTF-8 when its texts are */
	for (size_t k = 0; k < cl.snapshot.len; k++)
		if ((unsigned char)cl.snapshot.data[k] < 0x20)
			abort();
	if (utf8 && !utf8_ok(cl.snapshot.data, cl.snapshot.len, UTF8_ANY))
		abort();
	/* it parses back to what was put in */
	gmtime_r(&now, &tm);
	strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
	root = parsed = cJSON_ParseWithLength(cl.snapshot.data, cl.snapshot.len);
	perms = cJSON_GetObjectItemCaseSensitive(root, "permissions");
	cams = cJSON_GetObjectItemCaseSensitive(root, "cameras");
	if (!same_number(root, "job_id", cl.job_id) || !same_number(root, "user_id", cl.user_id) ||
	    !same_number(root, "settings_version", cl.settings_version) ||
	    !same_string(root, "generated_at", when) || !same_bool(root, "blocked", blocked) ||
	    !cJSON_IsArray(perms) || !cJSON_IsArray(cams))
		abort();
	item = perms->child;
	for (size_t k = 0; k < nlines; k++) {
		if (!lines[k].n || lines[k].s[0] != 'p')
			continue;
		if (!cJSON_IsString(item) ||
		    strlen(item->valuestring) != strnlen(lines[k].s + 1, lines[k].n - 1) ||
		    memcmp(item->valuestring, lines[k].s + 1, strlen(item->valuestring)))
			abort();
		item = item->next;
	}
	if (item)
		abort();
	item = cams->child;
	for (size_t k = 0; k < nlines; k++) {
		struct sync_snapshot_camera c;
		char *name, *address;
		if (!lines[k].n || lines[k].s[0] != 'c')
			continue;
		if (!item)
			abort();
		camera_of(lines[k].s + 1, lines[k].n - 1, &c, &name, &address);
		check_camera(item, &c, blocked, archive);
		free(name);
		free(address);
		item = item->next;
	}
	if (item)
		abort();
	cJSON_Delete(parsed);
	sync_claim_free(&cl);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static bool ready;

	if (!ready) {
		if (sodium_init() < 0)
			abort();
		buf_init(&framed);
		ready = true;
	}
	if (size < 1)
		return 0;
	switch (data[0] % 3) {
	case 0:
		snapshot(data + 1, size - 1);
		break;
	case 1:
		(void)check_request(data + 1, size - 1);
		break;
	default:
		signed_body(data + 1, size - 1);
	}
	return 0;
}
