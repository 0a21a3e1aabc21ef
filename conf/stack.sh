#!/bin/sh
# stack.sh run|start|stop|status|demo — a private instance of the whole product: MariaDB with
# its data under $VAR, the FastCGI programs, nginx on 127.0.0.1:$PORT.
#   VAR      state directory (default var; make test uses var/test)
#   PORT     nginx port (default 8080)
#   WORKERS  workers per program (default 2); WORKERS_<program> for one program ('-' as '_',
#            e.g. WORKERS_billing=8: webhook transactions wait on the disk, more of them in
#            flight let their commits share a flush)
#   BIN      where the programs are (default build/cgi-bin)
#   RATE_EXEMPT  client addresses (space-separated) exempt from nginx's request-rate limits;
#            make test exempts 127.0.0.1, where the suite runs from (default: none)
#   VMSADMIN_DEMO_PASSWORD   password of the demo admins on a fresh database (else generated)
#   VMSADMIN_BILLING_SECRET  the billing webhook's shared secret (else generated once)
#   VMSADMIN_SYNC_SECRET     the key Synchronize cameras signs its pushes with (else generated)
#   RECEIVER_PORT            the local receiver standing in for the demo users' apps (PORT+1)
#   INNODB_BUFFER_POOL, INNODB_LOG_FILE_SIZE  MariaDB's (default 256M, 96M; make bench: more)
#   SCALE    demo: the bulk users to have (default 1000; see sql/demo-scale.sql)
set -eu
cd "$(dirname "$0")/.."
TOP=$(pwd)
VAR=${VAR:-var}
case $VAR in /*) ;; *) VAR=$TOP/$VAR ;; esac
PORT=${PORT:-8080}
WORKERS=${WORKERS:-2}
BIN=${BIN:-build/cgi-bin}
case $BIN in /*) ;; *) BIN=$TOP/$BIN ;; esac
# one line: conf/cluster.sh reads it
PROGRAMS="auth users user billing billing-events cameras intercoms client sync-cameras audit subusers access analytics"
RECEIVER_PORT=${RECEIVER_PORT:-$((PORT + 1))}
RECEIVER=${RECEIVER:-$BIN/../tests/sync-receiver}
SOCK=$VAR/run/mysqld.sock
ME=$(id -un)
if [ "$(id -u)" -eq 0 ]; then ROOTOPT=--user=root; else ROOTOPT=; fi
SQL="mariadb --no-defaults -S $SOCK -u $ME"

log() { printf '%s\n' "$*" >&2; }
die() { log "stack: $*"; exit 1; }

random() { head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' | head -c "$1"; }

# wait_for SECONDS COMMAND...: retry the command every 0.1 s
wait_for() {
	n=$(($1 * 10))
	shift
	while ! "$@" >/dev/null 2>&1; do
		n=$((n - 1))
		[ $n -gt 0 ] || return 1
		sleep 0.1
	done
}

# pid_alive PID: the process exists and has not died. kill -0 is not enough: a dead process stays
# a zombie (state Z in /proc/PID/stat) until its parent reaps it, which after a crash can take
# seconds; meanwhile db-start would think MariaDB is still running.
pid_alive() {
	st=$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1)
	[ -n "$st" ] && [ "$st" != Z ] && [ "$st" != X ]
}
pid_gone() { ! pid_alive "$1"; }

# alive PIDFILE: the process it names is running
alive() { [ -f "$1" ] && pid_alive "$(cat "$1")"; }

db_start() {
	# MariaDB's temporary files (sorts, temporary tables, index builds) go to a directory of
	# this instance: the shared /tmp can be cleaned under a running load
	mkdir -p "$VAR/run" "$VAR/log" "$VAR/tmp"
	if [ ! -d "$VAR/db/mysql" ]; then
		# --force: a minimal machine may resolve no host name (no /etc/hosts); the private
		# server takes socket connections only, where names are never looked up
		mkdir -p "$VAR/db"
		mariadb-install-db --no-defaults --datadir="$VAR/db" --skip-test-db --force $ROOTOPT \
			>"$VAR/log/install-db.log" 2>&1 || die "mariadb-install-db failed: see $VAR/log/install-db.log"
	fi
	alive "$VAR/run/mysqld.pid" && return 0
	setsid mariadbd --no-defaults --datadir="$VAR/db" --socket="$SOCK" --skip-networking \
		--pid-file="$VAR/run/mysqld.pid" --log-error="$VAR/log/mariadb.log" \
		--character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci \
		--tmpdir="$VAR/tmp" --innodb-buffer-pool-size="${INNODB_BUFFER_POOL:-256M}" \
		--innodb-log-file-size="${INNODB_LOG_FILE_SIZE:-96M}" --max-connections=300 --event-scheduler=ON $ROOTOPT </dev/null >/dev/null 2>&1 &
	wait_for 60 mariadb-admin --no-defaults -S "$SOCK" -u "$ME" ping ||
		die "MariaDB did not start: see $VAR/log/mariadb.log"
}

db_migrate() {
	$SQL -e "CREATE DATABASE IF NOT EXISTS vmsadmin CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
	[ -f "$VAR/db-password" ] || (umask 077 && random 32 >"$VAR/db-password")
	$SQL -e "CREATE USER IF NOT EXISTS 'vmsadmin'@'localhost' IDENTIFIED BY '$(cat "$VAR/db-password")';
	         GRANT SELECT, INSERT, UPDATE, DELETE ON vmsadmin.* TO 'vmsadmin'@'localhost'"
	fresh=no
	[ -n "$($SQL -N vmsadmin -e "SHOW TABLES LIKE 'schema_migrations'")" ] || fresh=yes
	sql/migrate.sh vmsadmin --no-defaults -S "$SOCK" -u "$ME"
	[ $fresh = yes ] && demo_load
	return 0
}

demo_load() {
	pw=${VMSADMIN_DEMO_PASSWORD:-$(random 16)}
	hash=$(printf '%s\n' "$pw" | VMSADMIN_CONFIG="$VAR/vmsadmin.ini" "$BIN/auth" --hash-password) ||
		die "cannot hash the demo password"
	$SQL vmsadmin -e "INSERT INTO admins (id, login, password_hash, role) VALUES
		(1, 'admin', '$hash', 'superadmin'), (2, 'operator', '$hash', 'admin')"
	# the demo users' desktop and mobile apps push to the local receiver (@receiver)
	(echo "SET @receiver = 'http://127.0.0.1:$RECEIVER_PORT';" && cat sql/demo.sql) | $SQL vmsadmin
	# the demo subscribers sign in to the web client (/app/login) with the same password
	$SQL vmsadmin -e "UPDATE users SET password_hash = '$hash' WHERE deleted_at IS NULL"
	(umask 077 && printf 'admin %s\noperator %s\n' "$pw" "$pw" >"$VAR/demo-credentials")
	log "demo data loaded"
}

write_config() {
	[ -n "${VMSADMIN_BILLING_SECRET:-}" ] && (umask 077 && printf '%s\n' "$VMSADMIN_BILLING_SECRET" >"$VAR/billing-secret")
	[ -f "$VAR/billing-secret" ] || (umask 077 && random 64 >"$VAR/billing-secret")
	secret_from="generated; set VMSADMIN_BILLING_SECRET to choose it"
	[ -n "${VMSADMIN_BILLING_SECRET:-}" ] && secret_from="from VMSADMIN_BILLING_SECRET"
	[ -n "${VMSADMIN_SYNC_SECRET:-}" ] && (umask 077 && printf '%s\n' "$VMSADMIN_SYNC_SECRET" >"$VAR/sync-secret")
	[ -f "$VAR/sync-secret" ] || (umask 077 && random 64 >"$VAR/sync-secret")
	cat >"$VAR/vmsadmin.ini" <<INI
; generated by conf/stack.sh for this private instance
[database]
socket = $SOCK
user = vmsadmin
password_file = $VAR/db-password
name = vmsadmin
[http]
base_url = http://127.0.0.1:$PORT
[billing]
secret_file = $VAR/billing-secret
[display]
time_zone = ${TIME_ZONE:-Europe/Moscow}
[sync]
secret_file = $VAR/sync-secret
; a private instance retries soon and gives up soon: 4 rounds, 0.3 s doubling
connect_timeout = 2
timeout = 5
attempts = 4
backoff_ms = 300
lease_seconds = 8
poll_ms = 200
INI
	mkdir -p "$VAR/nginx/body" "$VAR/nginx/proxy" "$VAR/nginx/fastcgi" "$VAR/nginx/uwsgi" "$VAR/nginx/scgi"
	user_line=
	[ "$(id -u)" -eq 0 ] && user_line="user root root;"
	exempt=
	for a in ${RATE_EXEMPT:-}; do exempt="$exempt        $a 1;\\n"; done
	sed -e "s|@VAR@|$VAR|g" -e "s|@PORT@|$PORT|g" -e "s|@RUN@|$VAR/run|g" \
		-e "s|@HTDOCS@|$TOP/htdocs|g" -e "s|@CONFDIR@|$TOP/conf|g" -e "s|@USER_LINE@|$user_line|" \
		-e "s|^@RATE_EXEMPT@\$|$exempt|" \
		conf/nginx.conf.in >"$VAR/nginx/nginx.conf"
}

programs_start() {
	for p in $PROGRAMS; do
		alive "$VAR/run/$p.pid" && continue
		[ -x "$BIN/$p" ] || die "$BIN/$p is not built: run make"
		n=$(eval "echo \${WORKERS_$(echo "$p" | tr - _):-$WORKERS}")
		setsid "$BIN/$p" --config "$VAR/vmsadmin.ini" --socket "$VAR/run/$p.sock" --workers "$n" \
			</dev/null >>"$VAR/log/$p.log" 2>&1 &
		echo $! >"$VAR/run/$p.pid"
	done
	for p in $PROGRAMS; do
		wait_for 10 test -S "$VAR/run/$p.sock" || die "$p did not start: see $VAR/log/$p.log"
	done
}

# The delivery process of Synchronize cameras (a worker program: no socket) and the local
# receiver that stands in for the demo users' apps.
workers_start() {
	if ! alive "$VAR/run/sync-receiver.pid"; then
		[ -x "$RECEIVER" ] || die "$RECEIVER is not built: run make"
		setsid "$RECEIVER" --port "$RECEIVER_PORT" --secret-file "$VAR/sync-secret" \
			</dev/null >>"$VAR/log/sync-receiver.log" 2>&1 &
		echo $! >"$VAR/run/sync-receiver.pid"
	fi
	alive "$VAR/run/vmsadmin-sync.pid" && return 0
	[ -x "$BIN/vmsadmin-sync" ] || die "$BIN/vmsadmin-sync is not built: run make"
	setsid "$BIN/vmsadmin-sync" --config "$VAR/vmsadmin.ini" --workers "$WORKERS" \
		</dev/null >>"$VAR/log/vmsadmin-sync.log" 2>&1 &
	echo $! >"$VAR/run/vmsadmin-sync.pid"
}

nginx_start() {
	alive "$VAR/run/nginx.pid" && return 0
	setsid nginx -p "$VAR/nginx" -c "$VAR/nginx/nginx.conf" -e "$VAR/log/nginx-error.log" \
		</dev/null >>"$VAR/log/nginx-error.log" 2>&1 &
	started=$!
	wait_for 10 curl -sf "http://127.0.0.1:$PORT/healthz" ||
		die "nginx did not answer on port $PORT: see $VAR/log/nginx-error.log"
	# something answered: make sure it is ours, not another instance holding the port
	sleep 0.2
	kill -0 "$started" 2>/dev/null ||
		die "port $PORT is taken by another server: choose another PORT ($VAR/log/nginx-error.log)"
}

start() {
	mkdir -p "$VAR/run" "$VAR/log"
	write_config
	db_start
	db_migrate
	programs_start
	workers_start
	nginx_start
	cat >&2 <<MSG

vmsadmin is running: http://127.0.0.1:$PORT/admin/login
  sign in as   admin (superadmin) or operator (ordinary admin)
  web client   http://127.0.0.1:$PORT/app/login as a demo subscriber (ivan.petrov, ...)
  password     $(awk 'NR==1 {print $2}' "$VAR/demo-credentials")   (also in $VAR/demo-credentials)
  billing secret in $VAR/billing-secret ($secret_from)
  billing webhook  POST http://127.0.0.1:$PORT/billing/v1/events; try it with tests/billing-send.sh
  Synchronize cameras pushes to the demo apps' receiver on 127.0.0.1:$RECEIVER_PORT (log: $VAR/log/sync-receiver.log)
  logs in $VAR/log/
MSG
}

stop_pid() {
	f=$VAR/run/$1.pid
	[ -f "$f" ] || return 0
	pid=$(cat "$f")
	if kill -TERM "$pid" 2>/dev/null; then
		wait_for 20 pid_gone "$pid" || kill -KILL "$pid" 2>/dev/null || true
	fi
	rm -f "$f"
}

stop() {
	stop_pid nginx
	for p in $PROGRAMS vmsadmin-sync sync-receiver; do stop_pid "$p"; done
	stop_pid mysqld
}

case ${1:-} in
run)
	trap 'stop; exit 0' INT TERM
	start
	log "Ctrl-C stops everything."
	while alive "$VAR/run/nginx.pid"; do sleep 1; done
	stop
	;;
start) start ;;
stop) stop ;;
db-stop) stop_pid mysqld ;;   # for the outage tests
db-start) db_start ;;
status)
	for p in mysqld $PROGRAMS vmsadmin-sync sync-receiver nginx; do
		if alive "$VAR/run/$p.pid"; then echo "$p running"; else echo "$p stopped"; fi
	done
	;;
demo)
	# two sessions side by side, each taking every other chunk; a rerun finishes or grows it
	alive "$VAR/run/mysqld.pid" || die "not running: make start first"
	log "generating ${SCALE:-1000} users (sql/demo-scale.sql)"
	started=$(date +%s)
	$SQL vmsadmin <sql/demo-scale.sql
	$SQL -N vmsadmin -e "CALL scale_run(${SCALE:-1000}, 0, 2)" >&2 &
	first=$!
	$SQL -N vmsadmin -e "CALL scale_run(${SCALE:-1000}, 1, 2)" >&2 &
	second=$!
	ok=yes
	wait $first || ok=no
	wait $second || ok=no
	$SQL vmsadmin <sql/demo-scale-drop.sql
	[ $ok = yes ] || die "the generator failed (run it again: it goes on where it stopped)"
	log "generated in $(($(date +%s) - started)) s"
	;;
*) die "usage: stack.sh run|start|stop|status|demo" ;;
esac
