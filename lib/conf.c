/* conf.c — configuration file: defaults, INI parsing, secrets read from their own files. */
#include "conf.h"

#include <errno.h>
#include <ini.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

static void conf_defaults(struct conf *c)
{
	memset(c, 0, sizeof *c);
	snprintf(c->db_socket, sizeof c->db_socket, "/run/mysqld/mysqld.sock");
	snprintf(c->db_host, sizeof c->db_host, "localhost");
	c->db_port = 3306;
	snprintf(c->db_user, sizeof c->db_user, "vmsadmin");
	snprintf(c->db_name, sizeof c->db_name, "vmsadmin");
	c->db_timeout = 5;
	snprintf(c->base_url, sizeof c->base_url, "http://127.0.0.1:8080");
	c->max_body = 64 * 1024;
	c->idle_minutes = 30;
	c->absolute_minutes = 12 * 60;
	c->max_failed_logins = 5;
	c->lockout_minutes = 15;
	c->throttle_after_failures = 10;
	c->throttle_max_seconds = 15 * 60;
	c->pwhash_memory_kib = 19 * 1024;
	c->pwhash_passes = 2;
	snprintf(c->time_zone, sizeof c->time_zone, "UTC");
	c->sync_connect_timeout = 5;
	c->sync_timeout = 15;
	c->sync_attempts = 5;
	c->sync_backoff_ms = 1000;
	c->sync_backoff_max_ms = 60 * 1000;
	c->sync_lease_seconds = 60;
	c->sync_poll_ms = 1000;
}

static int set_str(char *dst, size_t cap, const char *v)
{
	size_t n = strlen(v);

	if (n >= cap)
		return 0;
	memcpy(dst, v, n + 1);
	return 1;
}

static int set_uint(unsigned *dst, const char *v, unsigned lo, unsigned hi)
{
	int64_t n;

	if (parse_i64(v, strlen(v), lo, hi, &n) < 0)
		return 0;
	*dst = (unsigned)n;
	return 1;
}

static int set_bool(bool *dst, const char *v)
{
	if (!strcmp(v, "true") || !strcmp(v, "yes") || !strcmp(v, "1"))
		*dst = true;
	else if (!strcmp(v, "false") || !strcmp(v, "no") || !strcmp(v, "0"))
		*dst = false;
	else
		return 0;
	return 1;
}

/* Read a secret from its own file: its first line, without the line end. A line that does
 * not fit in cap - 1 bytes is refused (cut short, every signature made with it would fail).
 * At most cap + 1 bytes are read, whatever the file is. */
static int set_from_file(char *dst, size_t cap, const char *path)
{
	FILE *f = fopen(path, "r");
	char line[1024];
	size_t n;

	if (!f) {
		fprintf(stderr, "conf: %s: %s\n", path, strerror(errno));
		return 0;
	}
	if (cap + 1 > sizeof line || !fgets(line, (int)(cap + 1), f))
		line[0] = '\0';
	fclose(f);
	n = strcspn(line, "\r\n");
	if (n >= cap) {
		fprintf(stderr, "conf: %s: the secret is longer than %zu bytes\n", path, cap - 1);
		sodium_memzero(line, sizeof line);
		return 0;
	}
	memcpy(dst, line, n);
	dst[n] = '\0';
	sodium_memzero(line, sizeof line);
	return 1;
}

/* One entry of [database] servers into *sv: a path (it starts with /) is a unix socket, anything
 * else a TCP address, host[:port] or [IPv6 address][:port]; port 0 stands for the `port` key's
 * value (conf_load fills it in). Returns 1, or 0 for a malformed entry. */
static int server_entry(struct conf_server *sv, const char *e, size_t n)
{
	const char *host = e, *colon = NULL;
	size_t hlen = n;
	unsigned port = 0;
	char num[8];

	memset(sv, 0, sizeof *sv);
	if (e[0] == '/') {
		if (n >= sizeof sv->socket)
			return 0;
		memcpy(sv->socket, e, n);
		return 1;
	}
	if (e[0] == '[') { /* [v6]:port */
		const char *close = memchr(e, ']', n);
		if (!close || close == e + 1)
			return 0;
		host = e + 1;
		hlen = (size_t)(close - host);
		if (close + 1 < e + n) {
			if (close[1] != ':')
				return 0;
			colon = close + 1;
		}
	} else if ((colon = memchr(e, ':', n))) {
		if (memchr(colon + 1, ':', (size_t)(e + n - colon - 1)))
			return 0; /* a bare IPv6 address: it must be in brackets */
		hlen = (size_t)(colon - e);
	}
	if (colon) {
		size_t plen = (size_t)(e + n - colon - 1);
		if (plen == 0 || plen >= sizeof num)
			return 0;
		memcpy(num, colon + 1, plen);
		num[plen] = '\0';
		if (!set_uint(&port, num, 1, 65535))
			return 0;
	}
	if (hlen == 0 || hlen >= sizeof sv->host)
		return 0;
	memcpy(sv->host, host, hlen);
	sv->port = port;
	return 1;
}

/* [database] servers: entries separated by commas or blanks, at most CONF_DB_SERVERS. */
static int set_servers(struct conf *c, const char *v)
{
	static const char sep[] = ", \t";
	unsigned n = 0;

	for (v += strspn(v, sep); *v; v += strspn(v, sep)) {
		size_t len = strcspn(v, sep);
		if (n == CONF_DB_SERVERS) {
			fprintf(stderr, "conf: more than %d database servers\n", CONF_DB_SERVERS);
			return 0;
		}
		if (!server_entry(&c->db_servers[n++], v, len))
			return 0;
		v += len;
	}
	c->db_nservers = n;
	return n > 0;
}

/* A zone of the tz database ("Europe/Moscow", "UTC"): a name of letters, digits, _ + - and /
 * (no "..") whose file exists under /usr/share/zoneinfo. */
static int set_zone(char *dst, size_t cap, const char *v)
{
	char path[128];

	if (!*v || strlen(v) >= cap ||
	    strspn(v, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
		      "0123456789_+-/") != strlen(v) ||
	    strstr(v, "..") || v[0] == '/')
		return 0;
	snprintf(path, sizeof path, "/usr/share/zoneinfo/%s", v);
	if (strcmp(v, "UTC") != 0 && access(path, R_OK) != 0) {
		fprintf(stderr, "conf: time zone %s: no %s (is tzdata installed?)\n", v, path);
		return 0;
	}
	return set_str(dst, cap, v);
}

struct conf_state {
	struct conf *c;
	bool secure_set;
};

#define KEY(s, n) (!strcmp(section, s) && !strcmp(name, n))

static int conf_handler(void *user, const char *section, const char *name, const char *v)
{
	struct conf_state *st = user;
	struct conf *c = st->c;
	unsigned port;

	if (KEY("database", "socket"))
		return set_str(c->db_socket, sizeof c->db_socket, v);
	if (KEY("database", "host"))
		return set_str(c->db_host, sizeof c->db_host, v);
	if (KEY("database", "port")) {
		if (!set_uint(&port, v, 1, 65535))
			return 0;
		c->db_port = port;
		return 1;
	}
	if (KEY("database", "servers"))
		return set_servers(c, v);
	if (KEY("database", "user"))
		return set_str(c->db_user, sizeof c->db_user, v);
	if (KEY("database", "password"))
		return set_str(c->db_password, sizeof c->db_password, v);
	if (KEY("database", "password_file"))
		return set_from_file(c->db_password, sizeof c->db_password, v);
	if (KEY("database", "name"))
		return set_str(c->db_name, sizeof c->db_name, v);
	if (KEY("database", "timeout"))
		return set_uint(&c->db_timeout, v, 1, 300);
	if (KEY("http", "base_url"))
		return set_str(c->base_url, sizeof c->base_url, v);
	if (KEY("http", "max_body")) {
		unsigned n;
		if (!set_uint(&n, v, 1024, 64u * 1024 * 1024))
			return 0;
		c->max_body = n;
		return 1;
	}
	if (KEY("http", "secure_cookies")) {
		st->secure_set = true;
		return set_bool(&c->secure_cookies, v);
	}
	if (KEY("session", "idle_minutes"))
		return set_uint(&c->idle_minutes, v, 1, 7 * 24 * 60);
	if (KEY("session", "absolute_minutes"))
		return set_uint(&c->absolute_minutes, v, 1, 30 * 24 * 60);
	if (KEY("session", "max_failed_logins"))
		return set_uint(&c->max_failed_logins, v, 1, 1000);
	if (KEY("session", "lockout_minutes"))
		return set_uint(&c->lockout_minutes, v, 1, 24 * 60);
	if (KEY("session", "throttle_after_failures"))
		return set_uint(&c->throttle_after_failures, v, 1, 1000);
	if (KEY("session", "throttle_max_seconds"))
		return set_uint(&c->throttle_max_seconds, v, 1, 24 * 60 * 60);
	if (KEY("session", "pwhash_memory_kib"))
		return set_uint(&c->pwhash_memory_kib, v, 8 * 1024, 1024 * 1024);
	if (KEY("session", "pwhash_passes"))
		return set_uint(&c->pwhash_passes, v, 1, 10);
	if (KEY("billing", "secret"))
		return set_str(c->billing_secret, sizeof c->billing_secret, v);
	if (KEY("billing", "secret_file"))
		return set_from_file(c->billing_secret, sizeof c->billing_secret, v);
	if (KEY("sync", "secret"))
		return set_str(c->sync_secret, sizeof c->sync_secret, v);
	if (KEY("sync", "secret_file"))
		return set_from_file(c->sync_secret, sizeof c->sync_secret, v);
	if (KEY("sync", "connect_timeout"))
		return set_uint(&c->sync_connect_timeout, v, 1, 300);
	if (KEY("sync", "timeout"))
		return set_uint(&c->sync_timeout, v, 1, 600);
	if (KEY("sync", "attempts"))
		return set_uint(&c->sync_attempts, v, 1, 100);
	if (KEY("sync", "backoff_ms"))
		return set_uint(&c->sync_backoff_ms, v, 10, 3600 * 1000);
	if (KEY("sync", "backoff_max_ms"))
		return set_uint(&c->sync_backoff_max_ms, v, 10, 24 * 3600 * 1000);
	if (KEY("sync", "lease_seconds"))
		return set_uint(&c->sync_lease_seconds, v, 2, 3600);
	if (KEY("sync", "poll_ms"))
		return set_uint(&c->sync_poll_ms, v, 10, 60 * 1000);
	if (KEY("templates", "dir"))
		return set_str(c->template_dir, sizeof c->template_dir, v);
	if (KEY("display", "time_zone"))
		return set_zone(c->time_zone, sizeof c->time_zone, v);
	fprintf(stderr, "conf: unknown key [%s] %s\n", section, name);
	return 0;
}

/* The servers to use: the `servers` list (its entries without a port take the `port` key's), else
 * the one server of socket, or host and port. */
static void conf_servers(struct conf *c)
{
	struct conf_server *sv = c->db_servers;

	if (c->db_nservers == 0) {
		c->db_nservers = 1;
		memset(sv, 0, sizeof *sv);
		memcpy(sv->socket, c->db_socket, sizeof sv->socket);
		memcpy(sv->host, c->db_host, sizeof sv->host);
	}
	for (unsigned i = 0; i < c->db_nservers; i++)
		if (!sv[i].socket[0] && !sv[i].port)
			sv[i].port = c->db_port;
}

int conf_load(struct conf *c, const char *path)
{
	struct conf_state st = {c, false};
	int rc;

	conf_defaults(c);
	if (!path) {
		conf_servers(c);
		return 0;
	}
	rc = ini_parse(path, conf_handler, &st);
	if (rc < 0) {
		fprintf(stderr, "conf: cannot read %s\n", path);
		return -1;
	}
	if (rc > 0) {
		fprintf(stderr, "conf: %s:%d: bad or unknown setting\n", path, rc);
		return -1;
	}
	conf_servers(c);
	if (!st.secure_set)
		c->secure_cookies = !strncmp(c->base_url, "https://", 8);
	/* a claim is renewed before each push: it must outlast the longest one */
	if (c->sync_lease_seconds <= c->sync_timeout) {
		fprintf(stderr, "conf: %s: [sync] lease_seconds must exceed timeout\n", path);
		return -1;
	}
	return 0;
}
