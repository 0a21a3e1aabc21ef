/* push.h — one signed JSON POST to an environment's push URL, with libcurl: the body signed
 * like the billing webhook (PUSH_SIG_HEADER: sha256=<hex HMAC-SHA256 of the body>), the sync
 * job's id as the Idempotency-Key (a receiver sees a repeat only with the same key and body),
 * connect and total timeouts, http and https only, redirects never followed. */
#ifndef VMS_PUSH_H
#define VMS_PUSH_H

#include <stddef.h>

#define PUSH_SIG_HEADER "X-Sync-Signature"
#define PUSH_KEY_HEADER "Idempotency-Key"

/* Once per process, before any fork; and at its end. push_global_init returns 0 or -1. */
int push_global_init(void);
void push_global_end(void);

/* One worker's connection state (kept between pushes, so connections are reused). */
struct push {
	void *curl; /* CURL *, made on first use */
};

void push_init(struct push *p);
void push_free(struct push *p);

struct push_req {
	const char *url;
	const char *body; /* JSON */
	size_t len;
	const char *secret; /* the HMAC key; "" signs nothing: the header is left out */
	const char *key;    /* the Idempotency-Key */
	unsigned connect_timeout, timeout; /* seconds */
	const char *user_agent;
};

struct push_res {
	long status;	 /* the HTTP status, 0 when nothing answered */
	char error[256]; /* why nothing answered, or "HTTP <status>" for a non-2xx answer */
};

/* POST rq->body to rq->url and wait for the answer (its body is read and dropped, up to
 * 64 KiB). Returns 0 when the environment answered 2xx, 1 when it answered anything else, -1
 * when nothing answered (refused, timed out, a bad URL); res says which. */
int push_post(struct push *p, const struct push_req *rq, struct push_res *res);

#endif
