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
}

static void db_disconnect(struct db *db)
{
	for (size_t i = 0; i < db->nstmts; i++)
		mysql_stmt_close(db->stmts[i].st);
	db->nstmts = 0;
	if (db->my)
		mysql_close(db->my);
	db->my = NULL;
	db->in_tx = false;
}

void db_close(struct db *db)
{
	db_disconnect(db);
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
		return true;
	default:
		return false;
	}
}

static int db_connect(struct db *db)
{
	const struct conf *c = db->conf;
	unsigned timeout = c->db_timeout;
	bool unix_sock = c->db_socket[0] != '\0';

	db->my = mysql_init(NULL);
	if (!db->my)
		return DB_ERR;
	mysql_optionsv(db->my, MYSQL_OPT_CONNECT_TIMEOUT, &timeout);
	mysql_optionsv(db->my, MYSQL_OPT_READ_TIMEOUT, &timeout);
	mysql_optionsv(db->my, MYSQL_OPT_WRITE_TIMEOUT, &timeout);
	mysql_optionsv(db->my, MYSQL_SET_CHARSET_NAME, "utf8mb4");
	mysql_optionsv(db->my, MYSQL_INIT_COMMAND, "SET time_zone = '+00:00'");
	if (!mysql_real_connect(db->my, unix_sock ? NULL : c->db_host, c->db_user,
				c->db_password[0] ? c->db_password : NULL, c->db_name,
				unix_sock ? 0 : c->db_port, unix_sock ? c->db_socket : NULL, 0)) {
		fprintf(stderr, "db: connect: %s\n", mysql_error(db->my));
		mysql_close(db->my);
		db->my = NULL;
		return DB_DOWN;
	}
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

	*lost = *sent = false;
	if (!db->my) {
		int rc = db_connect(db);
		if (rc < 0)
			return rc;
	}
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
	*lost = db_lost(mysql_stmt_errno(st));
	if (mysql_stmt_errno(st) == ER_DUP_ENTRY)
		return DB_DUPLICATE;
	if (mysql_stmt_errno(st) == ER_LOCK_DEADLOCK ||
	    mysql_stmt_errno(st) == ER_LOCK_WAIT_TIMEOUT) {
		mysql_stmt_free_result(st);
		return DB_BUSY; /* the transaction was rolled back (or should be): retry later */
	}
	if (!*lost)
		fprintf(stderr, "db: %s: %s\n", mysql_stmt_error(st), q->sql);
	mysql_stmt_free_result(st);
	return DB_ERR;
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
		db_disconnect(db);
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

	q->write = true;
	rc = db_exec(db, q);
	db_end(q);
	return rc;
}

static int db_simple(struct db *db, const char *sql)
{
	if (!db->my && db_connect(db) < 0)
		return DB_DOWN;
	if (mysql_query(db->my, sql)) {
		unsigned err = mysql_errno(db->my);
		if (db_lost(err)) {
			db_disconnect(db);
			return DB_DOWN;
		}
		if (err == ER_LOCK_DEADLOCK || err == ER_LOCK_WAIT_TIMEOUT)
			return DB_BUSY;
		fprintf(stderr, "db: %s: %s\n", mysql_error(db->my), sql);
		return DB_ERR;
	}
	return DB_OK;
}

int db_begin(struct db *db)
{
	int rc = db_simple(db, "START TRANSACTION");

	if (rc == DB_DOWN) /* a stale connection: nothing was under way, one fresh try */
		rc = db_simple(db, "START TRANSACTION");
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

	for (int attempt = 0; attempt < DB_TX_TRIES && rc == DB_BUSY; attempt++) {
		if (attempt) /* let the winner finish: 1..8 ms, then 2..16, 4..32 */
			usleep(
			    (useconds_t)((1000u << (attempt - 1)) * (1 + randombytes_uniform(8))));
		if ((rc = db_begin(db)) < 0)
			continue;
		rc = fn(db, arg);
		if (rc != DB_OK) {
			db_rollback(db);
			continue;
		}
		if ((rc = db_commit(db)) < 0)
			db_rollback(db);
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
