/* conf.h — the one configuration file every program reads (INI, parsed by libinih). */
#ifndef VMS_CONF_H
#define VMS_CONF_H

#include <stdbool.h>
#include <stddef.h>

#define CONF_DB_SERVERS 8 /* the most [database] servers a list may name */

/* One database server: a unix socket, or a TCP address. */
struct conf_server {
	char socket[256]; /* a unix socket; empty means TCP to host:port */
	char host[256];
	unsigned port;
};

struct conf {
	/* [database] */
	char db_socket[256]; /* unix socket; empty means TCP to db_host:db_port */
	char db_host[256];
	unsigned db_port;
	/* The servers a worker may use, in the order it tries them (the nodes of a cluster): the
	 * `servers` list, else the one server of socket, or host and port. At least one. */
	struct conf_server db_servers[CONF_DB_SERVERS];
	unsigned db_nservers;
	char db_user[128];
	char db_password[256]; /* or read from db_password_file */
	char db_name[128];
	unsigned db_timeout; /* connect/read/write timeout, seconds */
	/* [http] */
	char base_url[256];  /* public address, used for absolute links */
	size_t max_body;     /* largest request body accepted, bytes */
	bool secure_cookies; /* add Secure; defaults to on when base_url is https */
	/* [session] */
	unsigned idle_minutes;
	unsigned absolute_minutes;
	unsigned max_failed_logins;
	unsigned lockout_minutes;
	unsigned throttle_after_failures; /* a client's consecutive failures before it must wait */
	unsigned throttle_max_seconds;	  /* the longest wait */
	unsigned pwhash_memory_kib;	  /* Argon2id cost for admin passwords */
	unsigned pwhash_passes;
	/* [billing] */
	char billing_secret[256]; /* or read from billing_secret_file */
	/* [sync] the vmsadmin-sync delivery process */
	char sync_secret[256];	       /* signs every push (or read from sync_secret_file) */
	unsigned sync_connect_timeout; /* seconds to connect to an environment */
	unsigned sync_timeout;	       /* seconds for a whole push, connecting included */
	unsigned sync_attempts;	       /* rounds of delivery before a job fails */
	unsigned sync_backoff_ms;      /* pause after the first failed round; doubles each round */
	unsigned sync_backoff_max_ms;  /* the longest pause */
	unsigned sync_lease_seconds;   /* how long a claim holds a job without renewal */
	unsigned sync_poll_ms;	       /* how often an idle process looks for due jobs */
	/* [templates] */
	char template_dir[256]; /* development override of the embedded templates */
	/* [display] */
	char time_zone[64]; /* the zone pages show times in (tz database name), "UTC" by default */
};

/* Fill c with defaults, then read path (NULL: defaults only). Errors go to stderr with the line
 * number. Returns 0, or -1 when the file is unreadable, holds an unknown key or bad value, or
 * [sync] lease_seconds does not outlast one push (timeout). */
int conf_load(struct conf *c, const char *path);

#endif
