/* sync-receiver.c — a stand-in for the users' desktop and mobile apps: the local receiver of
 * Synchronize cameras that `make run` starts for the demo environments (and `make bench` for
 * its jobs). It listens on 127.0.0.1:PORT, takes POSTed snapshots, checks their signature with
 * the sync secret, and answers 200 (401 for a bad signature, 410 under /gone/ — an app that was
 * uninstalled), logging one line per push: path, job id (the Idempotency-Key), signature,
 * settings version, cameras. One connection at a time; plain sockets, nothing else.
 *   sync-receiver --port PORT --secret-file FILE */
#include <arpa/inet.h>
#include <cjson/cJSON.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "billing.h"
#include "push.h"

#define HEAD_MAX 16384
#define BODY_MAX (8 * 1024 * 1024)

static volatile sig_atomic_t stopping;

static void on_stop(int sig)
{
	(void)sig;
	stopping = 1;
}

/* The value of header name in the head (NUL-terminated lines), copied into out. */
static void header(const char *head, const char *name, char *out, size_t cap)
{
	size_t n = strlen(name);
	const char *p = head;

	out[0] = '\0';
	while ((p = strstr(p, "\r\n")) != NULL) {
		p += 2;
		if (!strncasecmp(p, name, n) && p[n] == ':') {
			const char *v = p + n + 1, *end = strstr(v, "\r\n");
			while (*v == ' ')
				v++;
			snprintf(out, cap, "%.*s", (int)(end ? (size_t)(end - v) : strlen(v)), v);
			return;
		}
	}
}

static void reply(int fd, int status, const char *text)
{
	char buf[256];
	int n = snprintf(buf, sizeof buf,
			 "HTTP/1.1 %d %s\r\nContent-Type: application/json\r\n"
			 "Content-Length: %zu\r\nConnection: close\r\n\r\n%s",
			 status, status == 200 ? "OK" : "Refused", strlen(text), text);

	if (write(fd, buf, (size_t)n) < 0)
		perror("sync-receiver: write");
}

/* Read one request from fd: the head into head, the body (Content-Length bytes) into *body.
 * Returns the body's length, or -1. */
static long read_request(int fd, char *head, char **body)
{
	size_t got = 0, want;
	char *end = NULL, cl[32];
	long len;

	*body = NULL;
	while (!end && got < HEAD_MAX - 1) {
		ssize_t r = read(fd, head + got, HEAD_MAX - 1 - got);
		if (r <= 0)
			return -1;
		got += (size_t)r;
		head[got] = '\0';
		end = strstr(head, "\r\n\r\n");
	}
	if (!end)
		return -1;
	end[2] = '\0'; /* the head ends at its last header line: no header comes from the body */
	header(head, "Content-Length", cl, sizeof cl);
	len = strtol(cl, NULL, 10);
	if (len < 0 || len > BODY_MAX || !(*body = malloc((size_t)len + 1)))
		return -1;
	want = (size_t)len;
	got -= (size_t)(end + 4 - head);
	memcpy(*body, end + 4, got < want ? got : want);
	while (got < want) {
		ssize_t r = read(fd, *body + got, want - got);
		if (r <= 0)
			return -1;
		got += (size_t)r;
	}
	(*body)[want] = '\0';
	return len;
}

static void serve(int fd, const char *secret)
{
	char head[HEAD_MAX], sig[160], key[80], path[512] = "";
	char *body = NULL;
	long len = read_request(fd, head, &body);
	cJSON *j;
	bool ok;

	if (len < 0) {
		reply(fd, 400, "{\"error\":\"malformed request\"}");
		free(body);
		return;
	}
	sscanf(head, "%*s %511s", path);
	header(head, PUSH_SIG_HEADER, sig, sizeof sig);
	header(head, PUSH_KEY_HEADER, key, sizeof key);
	ok = billing_verify_signature(secret, body, (size_t)len, sig);
	j = cJSON_ParseWithLength(body, (size_t)len);
	printf("%ld push %s job=%s signature=%s version=%g cameras=%d\n", (long)time(NULL), path,
	       key, ok ? "valid" : "BAD",
	       cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(j, "settings_version")),
	       cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(j, "cameras")));
	fflush(stdout);
	if (!ok)
		reply(fd, 401, "{\"error\":\"bad signature\"}");
	else if (!strncmp(path, "/gone/", 6))
		reply(fd, 410, "{\"error\":\"this app was uninstalled\"}");
	else
		reply(fd, 200, "{\"ok\":true}");
	cJSON_Delete(j);
	free(body);
}

int main(int argc, char **argv)
{
	struct sockaddr_in a = {.sin_family = AF_INET};
	struct sigaction sa = {.sa_handler = on_stop};
	struct timeval tv = {.tv_sec = 5};
	char secret[256] = "";
	long port = 0;
	int one = 1, s;
	FILE *f;

	for (int i = 1; i + 1 < argc; i += 2) {
		if (!strcmp(argv[i], "--port"))
			port = strtol(argv[i + 1], NULL, 10);
		else if (!strcmp(argv[i], "--secret-file") && (f = fopen(argv[i + 1], "r"))) {
			if (!fgets(secret, sizeof secret, f))
				secret[0] = '\0';
			secret[strcspn(secret, "\r\n")] = '\0';
			fclose(f);
		}
	}
	if (port <= 0 || port > 65535 || !secret[0]) {
		fprintf(stderr, "usage: sync-receiver --port PORT --secret-file FILE\n");
		return 2;
	}
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	a.sin_port = htons((uint16_t)port);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if ((s = socket(AF_INET, SOCK_STREAM, 0)) < 0 ||
	    setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) < 0 ||
	    bind(s, (struct sockaddr *)&a, sizeof a) < 0 || listen(s, 64) < 0) {
		perror("sync-receiver");
		return 1;
	}
	fprintf(stderr, "sync-receiver: listening on 127.0.0.1:%ld\n", port);
	while (!stopping) {
		int fd = accept(s, NULL, NULL);
		if (fd < 0) {
			if (errno != EINTR)
				perror("sync-receiver: accept");
			continue;
		}
		setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
		serve(fd, secret);
		close(fd);
	}
	close(s);
	return 0;
}
