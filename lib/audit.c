/* audit.c — writing the trail of administrators' actions. */
#include "audit.h"

#include <string.h>

/* s cut to at most max bytes at a UTF-8 character boundary: the length to keep. */
static size_t cut(const char *s, size_t max)
{
	size_t n = strlen(s);

	if (n <= max)
		return n;
	while (max > 0 && ((unsigned char)s[max] & 0xc0) == 0x80)
		max--;
	return max;
}

int audit_write(struct db *db, const struct audit_entry *e)
{
	struct db_param in[6] = {
	    e->admin_id ? DB_PINT(e->admin_id) : DB_PNULL,
	    e->user_id ? DB_PINT(e->user_id) : DB_PNULL,
	    DB_PTEXT(e->action),
	    e->detail ? DB_PTEXTN(e->detail, cut(e->detail, AUDIT_DETAIL_MAX)) : DB_PNULL,
	    e->remote_addr ? DB_PTEXTN(e->remote_addr, cut(e->remote_addr, 64)) : DB_PNULL,
	    e->user_agent ? DB_PTEXTN(e->user_agent, cut(e->user_agent, 255)) : DB_PNULL,
	};
	struct db_query q = {
	    .sql =
		"INSERT INTO audit_log (admin_id, user_id, action, detail, remote_addr, user_agent)"
		" VALUES (?, ?, ?, ?, ?, ?)",
	    .in = in,
	    .nin = 6,
	};

	return db_run(db, &q);
}

struct audit_entry audit_who(const struct ctx *c)
{
	return (struct audit_entry){
	    .admin_id = c->sess ? c->sess->admin_id : 0,
	    .remote_addr = c->req->remote_addr,
	    .user_agent = c->req->user_agent,
	};
}

int audit_request(struct ctx *c, int64_t user_id, const char *action, const char *detail)
{
	struct audit_entry e = audit_who(c);

	e.user_id = user_id;
	e.action = action;
	e.detail = detail;
	return audit_write(c->db, &e);
}
