/* db.h — MariaDB access: one connection per worker, prepared statements kept for its life,
 * re-opened after an outage. Typed queries live in the other lib/ modules and call this. */
#ifndef VMS_DB_H
#define VMS_DB_H

#include <mysql.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "conf.h"

enum db_rc {
	DB_OK = 0,
	DB_ERR = -1,	   /* a bug or a constraint: answer 500 (or map it) */
	DB_DOWN = -2,	   /* the server is unreachable: answer 503 */
	DB_DUPLICATE = -3, /* a unique key was violated */
	DB_BUSY = -4,	   /* deadlock or lock wait timeout: answer 503, the client retries */
};

enum db_type {
	DB_INT,	 /* int64_t */
	DB_TEXT, /* param: s/len; result: caller's buffer s/cap, truncation is an error */
	DB_BUF,	 /* result only: any length up to DB_BUF_MAX, into a struct buf */
};

#define DB_BUF_MAX (4u * 1024 * 1024)
#define DB_MAX_COLS 32
#define DB_MAX_STMTS 96

struct db_param {
	enum db_type type;
	int64_t i;
	const char *s;
	unsigned long len;
	char is_null;
};

struct db_col {
	enum db_type type;
	int64_t i;
	char *s; /* DB_TEXT: NUL-terminated on fetch */
	size_t cap;
	struct buf *b; /* DB_BUF */
	unsigned long len;
	char is_null;
	char error;
};

#define DB_PINT(v) ((struct db_param){.type = DB_INT, .i = (v)})
#define DB_PTEXT(str) ((struct db_param){.type = DB_TEXT, .s = (str), .len = strlen(str)})
#define DB_PTEXTN(str, n) ((struct db_param){.type = DB_TEXT, .s = (str), .len = (n)})
#define DB_PNULL ((struct db_param){.type = DB_INT, .is_null = 1})
#define DB_CINT ((struct db_col){.type = DB_INT})
#define DB_CTEXT(arr) ((struct db_col){.type = DB_TEXT, .s = (arr), .cap = sizeof(arr)})
#define DB_CBUF(bp) ((struct db_col){.type = DB_BUF, .b = (bp)})

/* One execution of one statement. sql must be a string literal: it is the cache key. */
struct db_query {
	const char *sql;
	struct db_param *in;
	size_t nin;
	struct db_col *out;
	size_t nout;
	bool write;   /* a write is never re-sent after a lost connection */
	bool guarded; /* its FROM starts with SESSION_GUARD (session.h): each row it returns
		       * confirms the session, counted in db->guard_rows */
	/* set by db_exec */
	MYSQL_STMT *st;
	uint64_t affected;
	uint64_t insert_id;
};

struct db_stmt_slot {
	const char *sql;
	MYSQL_STMT *st;
};

struct db {
	const struct conf *conf;
	MYSQL *my;
	bool in_tx;
	struct db_stmt_slot stmts[DB_MAX_STMTS];
	size_t nstmts;
	uint64_t guard_rows; /* rows fetched from guarded statements; the loop zeroes it */
	unsigned server;     /* conf->db_servers[server]: the one connected to */
	int lost_server;     /* the server whose connection was lost last, tried last; -1: none */
	bool cluster;	     /* the server is a Galera node (wsrep_on) */
	bool causal_due;     /* the next statement first waits for the node to catch up (cluster) */
};

/* Once per process, before fork. */
int db_library_init(void);
void db_library_end(void);
/* Prepare a handle; connects lazily on first use, so a program starts while the server is
 * away. Never fails.
 *
 * Connecting tries conf->db_servers in order and takes the first that answers and is ready
 * (on a Galera node: wsrep ready, i.e. part of the primary component); after a lost connection
 * the others are tried first and the lost one last. A read that meets a lost connection is
 * retried once on a fresh one (another server when the list has several), a transaction from
 * its start (db_tx); only then does the caller answer 503. */
void db_init(struct db *db, const struct conf *conf);
/* Close the connection and every statement. */
void db_close(struct db *db);
/* A request (or a pass of a worker program) begins: on a Galera node its first statement waits
 * until the node has applied every transaction the cluster committed before (a causal read,
 * wsrep_sync_wait), so it sees what the client's previous request wrote through any node and
 * app host. Nothing happens on a single server. */
void db_request(struct db *db);
/* Execute q: binds in[], runs, binds out[] and buffers the rows. A read that meets a lost
 * connection is retried once on a fresh one. Returns DB_OK or a negative enum db_rc.
 * After DB_OK, call db_fetch until it returns 0, then db_end. */
int db_exec(struct db *db, struct db_query *q);
/* Next row into q->out: 1 row, 0 no more rows, DB_ERR on truncation or failure. */
int db_fetch(struct db *db, struct db_query *q);
/* Release q's rows; the statement stays prepared. */
void db_end(struct db_query *q);
/* db_exec + first row + db_end: 1 found, 0 none, or a negative enum db_rc. */
int db_get(struct db *db, struct db_query *q);
/* db_exec + db_end for a statement that returns no rows (q->write is set): DB_OK, or a
 * negative enum db_rc (DB_DUPLICATE when a unique key says no). q->affected and q->insert_id
 * stay readable. Only inside db_tx: a write outside a transaction is refused (DB_ERR, logged),
 * as it could be neither retried after a lost certification nor undone. */
int db_run(struct db *db, struct db_query *q);
/* Transactions on the worker's connection. While one is open nothing is retried. */
int db_begin(struct db *db);
int db_commit(struct db *db);
void db_rollback(struct db *db);

#define DB_TX_TRIES 4

/* The body of a transaction: DB_OK to commit, a negative enum db_rc to roll back and fail, or
 * a positive value of the caller's to roll back and return that value (a refusal). */
typedef int (*db_tx_fn)(struct db *db, void *arg);
/* The one way to write: run fn inside a transaction and commit it. fn runs again from the start,
 * after everything was rolled back — at most DB_TX_TRIES times in all, after a short random
 * pause — when
 *   - a deadlock, a lock wait timeout or (on a Galera cluster) a lost certification (1213: a
 *     transaction on another node committed first) ends it, at any statement or at COMMIT; on a
 *     cluster the next try first waits until its node has applied the winner, so it decides on
 *     what the winner wrote;
 *   - the connection is lost before COMMIT (the server discards the uncommitted work): the next
 *     try runs on another server of the list.
 * So fn must decide only on what it reads inside the transaction. Each repeat is logged. A
 * db_tx inside another's fn is part of the outer transaction (it commits and retries with it).
 * Returns DB_OK (committed), fn's positive value (rolled back), or a negative enum db_rc:
 * DB_BUSY when every try lost, DB_DOWN when no server answers or the connection went at COMMIT
 * (never repeated then: that COMMIT may have landed). */
int db_tx(struct db *db, db_tx_fn fn, void *arg);
/* DB_OK when the server answers a trivial query, else DB_DOWN. */
int db_ping(struct db *db);
/* The HTTP status for a negative db result: 503 when the server is away or busy, else 500. */
int db_http_status(int rc);
/* q as a LIKE pattern matching it literally at the start: "q%" (same escaping and cap rule). */
void db_like_prefix(const char *q, char *out, size_t cap);
/* q as a LIKE pattern matching it literally anywhere: "%q%" with \ % _ escaped by a backslash
 * (LIKE's default escape), truncated to fit cap (at least 2q + 3 bytes keeps all of q). */
void db_like_contains(const char *q, char *out, size_t cap);

#endif
