/* db.c — one MariaDB connection per worker with a statement cache and outage recovery.
 * MYSQL_OPT_RECONNECT is deliberately not used: statement handles do not survive it. */
#include "db.h"

#include <errmsg.h>
#include <mysqld_error.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int db_library_init(void)
{
	return mysql_library_init(0, NULL, NULL) ? -1 : 0;
}

void db_library_end(void)
{
	mysql_library_end();
}

void db_init(struct db *db, const struct conf *conf)
{
	memset(db, 0, sizeof *db);
	db->conf = conf;
	db->lost_server = -1;
}

/* Close the connection and its statements; lost: it broke (or its server is not usable), so the
 * next connect tries the other servers first. */
static void db_drop(struct db *db, bool lost)
{
	for (size_t i = 0; i < db->nstmts; i++)
		mysql_stmt_close(db->stmts[i].st);
	db->nstmts = 0;
	if (db->my) {
		mysql_close(db->my);
		if (lost && db->conf->db_nservers > 1) {
			db->lost_server = (int)db->server;
			fprintf(stderr, "db: lost the connection to server %u; trying the others\n",
				db->server + 1);
		}
	}
	db->my = NULL;
	db->in_tx = false;
}

void db_close(struct db *db)
{
	db_drop(db, false);
}

static bool db_lost(unsigned err)
{
	switch (err) {
	case CR_SERVER_GONE_ERROR:
	case CR_SERVER_LOST:
	case CR_CONN_HOST_ERROR:
	case CR_CONNECTION_ERROR:
	case ER_CONNECTION_KILLED:
	case ER_SERVER_SHUTDOWN:
	case 4031: /* ER_CLIENT_INTERACTION_TIMEOUT */
	/* a Galera node outside the primary component (or still joining): "WSREP has not yet
	 * prepared node for application use" — as good as gone, another node may serve */
	case ER_UNKNOWN_COM_ERROR:
		return true;
	default:
		return false;
	}
}

/* What a server error means for the caller: DB_DUPLICATE, DB_BUSY (a deadlock, a lock wait
 * timeout, or a lost certification on a Galera cluster, which the server reports as a
 * deadlock: the transaction was rolled back), DB_DOWN with *lost set, or DB_ERR. */
static int db_classify(unsigned err, bool *lost)
{
	*lost = db_lost(err);
	if (*lost)
		return DB_DOWN;
	if (err == ER_DUP_ENTRY)
		return DB_DUPLICATE;
	if (err == ER_LOCK_DEADLOCK || err == ER_LOCK_WAIT_TIMEOUT)
		return DB_BUSY;
	return DB_ERR;
}

/* A new connection to server sv, checked: it answers a query, and a Galera node is ready (a node
 * outside the primary component refuses queries). Sets db->cluster. DB_OK, DB_DOWN or DB_ERR
 * (out of memory). */
static int db_connect_to(struct db *db, const struct conf_server *sv)
{
	const struct conf *c = db->conf;
	unsigned timeout = c->db_timeout;
	bool unix_sock = sv->socket[0] != '\0';
	MYSQL_RES *res = NULL;
	MYSQL_ROW row;

	db->my = mysql_init(NULL);
	if (!db->my)
		return DB_ERR;
	mysql_optionsv(db->my, MYSQL_OPT_CONNECT_TIMEOUT, &timeout);
	mysql_optionsv(db->my, MYSQL_OPT_READ_TIMEOUT, &timeout);
	mysql_optionsv(db->my, MYSQL_OPT_WRITE_TIMEOUT, &timeout);
	mysql_optionsv(db->my, MYSQL_SET_CHARSET_NAME, "utf8mb4");
	mysql_optionsv(db->my, MYSQL_INIT_COMMAND, "SET time_zone = '+00:00'");
	if (!mysql_real_connect(db->my, unix_sock ? NULL : sv->host, c->db_user,
				c->db_password[0] ? c->db_password : NULL, c->db_name,
				unix_sock ? 0 : sv->port, unix_sock ? sv->socket : NULL, 0))
		goto fail;
	db->cluster = false;
	if (mysql_query(db->my, "SELECT @@wsrep_on")) {
		if (mysql_errno(db->my) != ER_UNKNOWN_SYSTEM_VARIABLE) /* e.g. a node not ready */
			goto fail;
	} else { /* a server built without Galera knows no wsrep_on: not a cluster */
		if (!(res = mysql_store_result(db->my)) || !(row = mysql_fetch_row(res)))
			goto fail;
		db->cluster = row[0] && strcmp(row[0], "0") != 0;
		mysql_free_result(res);
	}
	/* on another node, or after an outage: catch up before the first read */
	db->causal_due = db->cluster;
	return DB_OK;
fail:
	fprintf(stderr, "db: connect to %s%s%u: %s\n", unix_sock ? sv->socket : sv->host,
		unix_sock ? "" : ":", unix_sock ? 0 : sv->port, mysql_error(db->my));
	mysql_free_result(res);
	mysql_close(db->my);
	db->my = NULL;
	return DB_DOWN;
}

/* Connect to the first server that answers: in the list's order, the one whose connection was
 * lost last at the end. DB_OK, DB_DOWN when none answers, DB_ERR out of memory. */
static int db_connect(struct db *db)
{
	const struct conf *c = db->conf;
	unsigned n = c->db_nservers;

	for (unsigned k = 0; k <= n; k++) {
		unsigned i = k < n ? k : (unsigned)db->lost_server;
		int rc;
		if ((k < n && (int)i == db->lost_server) || (k == n && db->lost_server < 0))
			continue;
		if ((rc = db_connect_to(db, &c->db_servers[i])) == DB_OK)
			db->server = i;
		if (rc != DB_DOWN)
			return rc;
	}
	return DB_DOWN;
}

void db_request(struct db *db)
{
	db->causal_due = db->cluster;
}

/* The causal wait of a Galera node (db_request): one query under wsrep_sync_wait. DB_OK or a
 * negative enum db_rc (*lost set when the connection went). */
static int db_causal(struct db *db, bool *lost)
{
	*lost = false;
	if (mysql_query(db->my, "SET STATEMENT wsrep_sync_wait = 1 FOR SELECT 1")) {
		int rc = db_classify(mysql_errno(db->my), lost);
		if (!*lost)
			fprintf(stderr, "db: causal wait: %s\n", mysql_error(db->my));
		return rc;
	}
	mysql_free_result(mysql_store_result(db->my));
	db->causal_due = false;
	return DB_OK;
}

/* The cached statement for sql, prepared on first use. NULL with *lost set on failure. */
static MYSQL_STMT *db_stmt(struct db *db, const char *sql, bool *lost)
{
	MYSQL_STMT *st;

	*lost = false;
	for (size_t i = 0; i < db->nstmts; i++)
		if (db->stmts[i].sql == sql)
			return db->stmts[i].st;
	if (db->nstmts == DB_MAX_STMTS) {
		fprintf(stderr, "db: statement cache full\n");
		return NULL;
	}
	st = mysql_stmt_init(db->my);
	if (!st)
		return NULL;
	if (mysql_stmt_prepare(st, sql, (unsigned long)strlen(sql))) {
		unsigned err = mysql_stmt_errno(st);
		*lost = db_lost(err);
		if (!*lost)
			fprintf(stderr, "db: prepare: %s: %s\n", mysql_stmt_error(st), sql);
		mysql_stmt_close(st);
		return NULL;
	}
	db->stmts[db->nstmts].sql = sql;
	db->stmts[db->nstmts].st = st;
	db->nstmts++;
	return st;
}

static void bind_params(MYSQL_BIND *b, struct db_param *in, size_t n)
{
	memset(b, 0, sizeof(MYSQL_BIND) * n);
	for (size_t i = 0; i < n; i++) {
		b[i].is_null = &in[i].is_null;
		if (in[i].type == DB_INT) {
			b[i].buffer_type = MYSQL_TYPE_LONGLONG;
			b[i].buffer = &in[i].i;
		} else {
			b[i].buffer_type = MYSQL_TYPE_STRING;
			b[i].buffer = (void *)in[i].s;
			b[i].buffer_length = in[i].len;
			b[i].length = &in[i].len;
		}
	}
}

static void bind_cols(MYSQL_BIND *b, struct db_col *out, size_t n)
{
	memset(b, 0, sizeof(MYSQL_BIND) * n);
	for (size_t i = 0; i < n; i++) {
		b[i].is_null = &out[i].is_null;
		b[i].length = &out[i].len;
		b[i].error = &out[i].error;
		switch (out[i].type) {
		case DB_INT:
			b[i].buffer_type = MYSQL_TYPE_LONGLONG;
			b[i].buffer = &out[i].i;
			break;
		case DB_TEXT:
			b[i].buffer_type = MYSQL_TYPE_STRING;
			b[i].buffer = out[i].s;
			b[i].buffer_length = out[i].cap;
			break;
		case DB_BUF:
			b[i].buffer_type = MYSQL_TYPE_STRING;
			b[i].buffer = NULL;
			b[i].buffer_length = 0;
			break;
		}
	}
}

/* One attempt. Sets *lost when the connection went away; *sent when execute was called. */
static int db_try(struct db *db, struct db_query *q, bool *lost, bool *sent)
{
	MYSQL_BIND pb[DB_MAX_COLS], rb[DB_MAX_COLS];
	MYSQL_STMT *st;
	int rc;

	*lost = *sent = false;
	if (!db->my && (rc = db_connect(db)) < 0)
		return rc;
	if (db->causal_due && !db->in_tx && (rc = db_causal(db, lost)) < 0)
		return *lost ? DB_ERR : rc;
	st = db_stmt(db, q->sql, lost);
	if (!st)
		return DB_ERR;
	/* a statement said to be guarded must be: its rows are taken for the session's proof */
	if (q->guarded && !strstr(q->sql, "FROM admin_sessions g JOIN admins ga ON")) {
		fprintf(stderr, "db: a guarded statement without the guard: %s\n", q->sql);
		return DB_ERR;
	}
	if (mysql_stmt_param_count(st) != q->nin || mysql_stmt_field_count(st) != q->nout ||
	    q->nin > DB_MAX_COLS || q->nout > DB_MAX_COLS) {
		fprintf(stderr, "db: parameter or column count mismatch: %s\n", q->sql);
		return DB_ERR;
	}
	bind_params(pb, q->in, q->nin);
	if (q->nin && mysql_stmt_bind_param(st, pb))
		goto fail;
	*sent = true;
	if (mysql_stmt_execute(st))
		goto fail;
	if (q->nout) {
		bind_cols(rb, q->out, q->nout);
		if (mysql_stmt_bind_result(st, rb) || mysql_stmt_store_result(st))
			goto fail;
	}
	q->st = st;
	q->affected = mysql_stmt_affected_rows(st);
	q->insert_id = mysql_stmt_insert_id(st);
	return DB_OK;
fail:
	rc = db_classify(mysql_stmt_errno(st), lost);
	if (rc == DB_ERR)
		fprintf(stderr, "db: %s: %s\n", mysql_stmt_error(st), q->sql);
	mysql_stmt_free_result(st);
	/* DB_BUSY: the transaction was rolled back (or should be): db_tx runs it again */
	return *lost ? DB_ERR : rc;
}

int db_exec(struct db *db, struct db_query *q)
{
	bool lost, sent;
	int rc;

	q->st = NULL;
	for (int attempt = 0; attempt < 2; attempt++) {
		bool was_tx = db->in_tx;
		rc = db_try(db, q, &lost, &sent);
		if (rc != DB_ERR || !lost)
			return rc;
		db_drop(db, true);
		/* Inside a transaction the work so far is gone; a write that reached the server
		 * may have been applied. Neither may be repeated behind the caller's back. */
		if (was_tx || (q->write && sent))
			return DB_DOWN;
	}
	return DB_DOWN;
}

/* Fetch a DB_BUF column in full now that its length is known. */
static int fetch_buf(struct db_query *q, unsigned idx)
{
	struct db_col *c = &q->out[idx];
	MYSQL_BIND b;

	buf_reset(c->b);
	if (c->is_null || c->len == 0)
		return buf_append(c->b, "", 0) < 0 ? DB_ERR : 1;
	if (c->len > DB_BUF_MAX || buf_reserve(c->b, c->len) < 0)
		return DB_ERR;
	memset(&b, 0, sizeof b);
	b.buffer_type = MYSQL_TYPE_STRING;
	b.buffer = c->b->data;
	b.buffer_length = c->len;
	b.length = &c->len;
	if (mysql_stmt_fetch_column(q->st, &b, idx, 0))
		return DB_ERR;
	c->b->len = c->len;
	c->b->data[c->len] = '\0';
	return 1;
}

int db_fetch(struct db *db, struct db_query *q)
{
	int rc;

	if (!q->st || !q->nout)
		return 0;
	rc = mysql_stmt_fetch(q->st);
	if (rc == MYSQL_NO_DATA)
		return 0;
	if (rc == 1)
		return DB_ERR;
	if (q->guarded)
		db->guard_rows++;
	for (size_t i = 0; i < q->nout; i++) {
		struct db_col *c = &q->out[i];
		if (c->type == DB_BUF) {
			if (fetch_buf(q, (unsigned)i) < 0)
				return DB_ERR;
		} else if (c->error) {
			fprintf(stderr, "db: column %zu truncated: %s\n", i, q->sql);
			return DB_ERR;
		} else if (c->type == DB_TEXT) {
			size_t n = c->is_null ? 0 : c->len;
			if (n >= c->cap)
				return DB_ERR;
			c->s[n] = '\0';
		}
	}
	return 1;
}

void db_end(struct db_query *q)
{
	if (q->st)
		mysql_stmt_free_result(q->st);
	q->st = NULL;
}

int db_get(struct db *db, struct db_query *q)
{
	int rc = db_exec(db, q);

	if (rc < 0)
		return rc;
	rc = db_fetch(db, q);
	db_end(q);
	return rc;
}

int db_run(struct db *db, struct db_query *q)
{
	int rc;

	if (!db->in_tx) {
		fprintf(stderr, "db: a write outside db_tx refused: %s\n", q->sql);
		return DB_ERR;
	}
	q->write = true;
	rc = db_exec(db, q);
	db_end(q);
	return rc;
}

static int db_simple(struct db *db, const char *sql)
{
	bool lost;
	int rc;

	if (!db->my && (rc = db_connect(db)) < 0)
		return rc;
	if (mysql_query(db->my, sql)) {
		rc = db_classify(mysql_errno(db->my), &lost);
		if (lost)
			db_drop(db, true);
		else if (rc == DB_ERR)
			fprintf(stderr, "db: %s: %s\n", mysql_error(db->my), sql);
		return rc;
	}
	return DB_OK;
}

/* START TRANSACTION, after the causal wait when one is due: Galera skips it inside a
 * transaction. */
static int db_start(struct db *db)
{
	bool lost;
	int rc;

	if (!db->my && (rc = db_connect(db)) < 0)
		return rc;
	if (db->causal_due && (rc = db_causal(db, &lost)) < 0) {
		if (lost)
			db_drop(db, true);
		return rc;
	}
	return db_simple(db, "START TRANSACTION");
}

int db_begin(struct db *db)
{
	int rc = db_start(db);

	if (rc == DB_DOWN) /* a stale connection: nothing was under way, one fresh try */
		rc = db_start(db);
	if (rc == DB_OK)
		db->in_tx = true;
	return rc;
}

int db_commit(struct db *db)
{
	int rc = db_simple(db, "COMMIT");

	db->in_tx = false;
	return rc;
}

void db_rollback(struct db *db)
{
	if (db->my)
		db_simple(db, "ROLLBACK");
	db->in_tx = false;
}

int db_tx(struct db *db, db_tx_fn fn, void *arg)
{
	int rc = DB_BUSY;

	if (db->in_tx) /* inside another transaction: part of it */
		return fn(db, arg);
	for (int attempt = 0; attempt < DB_TX_TRIES; attempt++) {
		if (attempt) {
			fprintf(stderr, "db: transaction %s; running it again (try %d of %d)\n",
				rc == DB_BUSY ? "lost to another (deadlock or certification)"
					      : "lost its connection",
				attempt + 1, DB_TX_TRIES);
			/* let the winner finish: 1..8 ms, then 2..16, 4..32 */
			usleep(
			    (useconds_t)((1000u << (attempt - 1)) * (1 + randombytes_uniform(8))));
			db->causal_due = db->cluster; /* see what the winner wrote */
		}
		if ((rc = db_begin(db)) < 0) {
			if (rc != DB_BUSY) /* DB_DOWN: no server answers */
				return rc;
			continue;
		}
		rc = fn(db, arg);
		if (rc != DB_OK) {
			db_rollback(db);
			/* rolled back (the server drops the uncommitted work of a lost connection):
			 * again from the start; anything else is the answer */
			if (rc == DB_BUSY || rc == DB_DOWN)
				continue;
			return rc;
		}
		/* DB_DOWN at COMMIT: it may have landed, so it is never repeated */
		if ((rc = db_commit(db)) == DB_OK || rc == DB_DOWN)
			return rc;
		db_rollback(db);
		if (rc != DB_BUSY)
			return rc;
	}
	return rc;
}

int db_ping(struct db *db)
{
	struct db_col out[] = {DB_CINT};
	struct db_query q = {.sql = "SELECT 1", .out = out, .nout = 1};
	int rc = db_get(db, &q);

	return rc == 1 ? DB_OK : DB_DOWN;
}

int db_http_status(int rc)
{
	return rc == DB_DOWN || rc == DB_BUSY ? 503 : 500;
}

/* q with \ % _ escaped by a backslash (LIKE's default escape) between the wildcards asked for,
 * truncated to fit cap. */
static void like_pattern(const char *q, bool leading, char *out, size_t cap)
{
	size_t o = 0;

	if (cap < 3) {
		if (cap)
			out[0] = '\0';
		return;
	}
	if (leading)
		out[o++] = '%';
	for (; *q && o + 3 < cap; q++) {
		if (*q == '\\' || *q == '%' || *q == '_')
			out[o++] = '\\';
		out[o++] = *q;
	}
	out[o++] = '%';
	out[o] = '\0';
}

void db_like_contains(const char *q, char *out, size_t cap)
{
	like_pattern(q, true, out, cap);
}

void db_like_prefix(const char *q, char *out, size_t cap)
{
	like_pattern(q, false, out, cap);
}
