/* fuzz_conf.c — the configuration loader (libinih and our keys). Properties: a file is either
 * accepted or refused as a whole (refused: -1, nothing half-set that a caller could use),
 * and an accepted one holds only values inside the ranges conf.c promises. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "conf.h"

#define TERMINATED(a) (memchr((a), '\0', sizeof(a)) != NULL)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int fd = -1;
	char path[64];
	struct conf c;

	if (fd < 0) {
		/* a secret_file of /dev/stdin must not wait for input */
		if (!freopen("/dev/null", "r", stdin) || (fd = memfd_create("conf", 0)) < 0)
			abort();
	}
	if (ftruncate(fd, 0) < 0 || pwrite(fd, data, size, 0) != (ssize_t)size)
		abort();
	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	if (conf_load(&c, path) < 0)
		return 0;
	if (!TERMINATED(c.db_socket) || !TERMINATED(c.db_host) || !TERMINATED(c.db_user) ||
	    !TERMINATED(c.db_password) || !TERMINATED(c.db_name) || !TERMINATED(c.base_url) ||
	    !TERMINATED(c.billing_secret) || !TERMINATED(c.template_dir))
		abort();
	if (c.db_port < 1 || c.db_port > 65535 || c.db_timeout < 1 || c.db_timeout > 300 ||
	    c.max_body < 1024 || c.idle_minutes < 1 || c.absolute_minutes < 1 ||
	    c.max_failed_logins < 1 || c.pwhash_memory_kib < 8 * 1024 || c.pwhash_passes < 1 ||
	    c.pwhash_passes > 10)
		abort();
	/* at least one server, each a socket or a host with a port */
	if (c.db_nservers < 1 || c.db_nservers > CONF_DB_SERVERS)
		abort();
	for (unsigned i = 0; i < c.db_nservers; i++) {
		const struct conf_server *sv = &c.db_servers[i];
		if (!TERMINATED(sv->socket) || !TERMINATED(sv->host) ||
		    (!sv->socket[0] && (!sv->host[0] || sv->port < 1 || sv->port > 65535)))
			abort();
	}
	return 0;
}
