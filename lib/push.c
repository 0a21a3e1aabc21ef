/* push.c — signed JSON POSTs with libcurl (push.h). */
#include "push.h"

#include <curl/curl.h>
#include <stdio.h>
#include <string.h>

#include "billing.h"

#define ANSWER_MAX (64 * 1024) /* bytes of an answer read before it is cut off */

int push_global_init(void)
{
	return curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK ? 0 : -1;
}

void push_global_end(void)
{
	curl_global_cleanup();
}

void push_init(struct push *p)
{
	p->curl = NULL;
}

void push_free(struct push *p)
{
	if (p->curl)
		curl_easy_cleanup(p->curl);
	p->curl = NULL;
}

/* The answer's body is not needed: count it and stop at ANSWER_MAX. */
static size_t drop(char *data, size_t size, size_t n, void *arg)
{
	size_t *seen = arg;

	(void)data;
	*seen += size * n;
	return *seen > ANSWER_MAX ? 0 : size * n;
}

/* Set the options of one push on p->curl. Returns CURLE_OK or the first error. */
static CURLcode setup(CURL *h, const struct push_req *rq, struct curl_slist *hdrs, char *errbuf,
		      size_t *seen)
{
	CURLcode rc = CURLE_OK;

#define OPT(o, v)                                                                                  \
	if (rc == CURLE_OK)                                                                        \
	rc = curl_easy_setopt(h, o, v)
	OPT(CURLOPT_URL, rq->url);
	OPT(CURLOPT_PROTOCOLS_STR, "http,https");
	OPT(CURLOPT_FOLLOWLOCATION, 0L);
	OPT(CURLOPT_NOSIGNAL, 1L); /* timeouts without SIGALRM: we are one of several workers */
	OPT(CURLOPT_CONNECTTIMEOUT, (long)rq->connect_timeout);
	OPT(CURLOPT_TIMEOUT, (long)rq->timeout);
	OPT(CURLOPT_POST, 1L);
	OPT(CURLOPT_POSTFIELDS, rq->body);
	OPT(CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)rq->len);
	OPT(CURLOPT_HTTPHEADER, hdrs);
	OPT(CURLOPT_USERAGENT, rq->user_agent);
	OPT(CURLOPT_ERRORBUFFER, errbuf);
	OPT(CURLOPT_WRITEFUNCTION, drop);
	OPT(CURLOPT_WRITEDATA, seen);
#undef OPT
	return rc;
}

/* The request's headers: JSON, the idempotency key, the signature. NULL when memory runs out;
 * the caller frees the list. */
static struct curl_slist *headers(const struct push_req *rq)
{
	char sig[sizeof BILLING_SIG_PREFIX + BILLING_SIG_HEX];
	char line[sizeof PUSH_SIG_HEADER + sizeof sig + 8];
	struct curl_slist *l = NULL, *t;

	if (!(l = curl_slist_append(l, "Content-Type: application/json")) ||
	    !(t = curl_slist_append(l, "Expect:"))) /* no 100-continue round trip */
		goto fail;
	snprintf(line, sizeof line, "%s: %.64s", PUSH_KEY_HEADER, rq->key);
	if (!(t = curl_slist_append(l, line)))
		goto fail;
	if (rq->secret[0]) {
		/* the same signature as the billing webhook's, under the sync secret */
		billing_sign(rq->secret, rq->body, rq->len, sig);
		snprintf(line, sizeof line, "%s: %s", PUSH_SIG_HEADER, sig);
		if (!(t = curl_slist_append(l, line)))
			goto fail;
	}
	return l;
fail:
	curl_slist_free_all(l);
	return NULL;
}

int push_post(struct push *p, const struct push_req *rq, struct push_res *res)
{
	char errbuf[CURL_ERROR_SIZE] = "";
	struct curl_slist *hdrs;
	size_t seen = 0;
	CURLcode rc;

	res->status = 0;
	res->error[0] = '\0';
	if (!p->curl && !(p->curl = curl_easy_init())) {
		snprintf(res->error, sizeof res->error, "out of memory");
		return -1;
	}
	curl_easy_reset(p->curl); /* keeps the connection cache */
	if (!(hdrs = headers(rq))) {
		snprintf(res->error, sizeof res->error, "out of memory");
		return -1;
	}
	rc = setup(p->curl, rq, hdrs, errbuf, &seen);
	if (rc == CURLE_OK)
		rc = curl_easy_perform(p->curl);
	if (rc == CURLE_OK || rc == CURLE_WRITE_ERROR)
		curl_easy_getinfo(p->curl, CURLINFO_RESPONSE_CODE, &res->status);
	curl_slist_free_all(hdrs);
	if (res->status >= 200 && res->status < 300)
		return 0;
	if (res->status > 0) {
		snprintf(res->error, sizeof res->error, "HTTP %ld", res->status);
		return 1;
	}
	res->status = 0;
	snprintf(res->error, sizeof res->error, "%s", errbuf[0] ? errbuf : curl_easy_strerror(rc));
	return -1;
}
