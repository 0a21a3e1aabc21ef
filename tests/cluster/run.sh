#!/bin/sh
# run.sh — the test to run before a release (make cluster-test): the product scaled out on one
# machine (conf/cluster.sh: three Galera nodes, two app hosts, one nginx balancing over both),
# started from nothing; the whole HTTP suite against it; then the fault tests (tests/cluster/):
# jobs once per cluster, a session across app hosts, an app host killed, a node killed during a
# billing load. Stops the cluster and ends with the fault tests' figures and one line
# "N passed, N failed".
set -u
cd "$(dirname "$0")/../.."
TOP=$(pwd)
export CVAR=${CVAR:-$TOP/var/cluster-test} VAR=${CVAR:-$TOP/var/cluster-test}
# its own ports (make cluster's are 18900 and 13300), so a cluster started by hand stays up
export PORT=${PORT:-18920} DB_PORT=${DB_PORT:-13320}
export BIN=${BIN:-$TOP/build/cgi-bin}
export BASE_URL=http://127.0.0.1:$PORT
export VMSADMIN_DEMO_PASSWORD=${VMSADMIN_DEMO_PASSWORD:-test-$(head -c 9 /dev/urandom | od -An -tx1 | tr -d ' \n')}
export VMSADMIN_BILLING_SECRET=${VMSADMIN_BILLING_SECRET:-test-billing-secret}
# the suite runs from 127.0.0.1, faster than nginx's per-address rate limits allow (as in make test)
export RATE_EXEMPT=${RATE_EXEMPT:-127.0.0.1}
# handlerReads counts the rows every node reads
export CLUSTER_SOCKETS="$CVAR/node1/run/mysqld.sock $CVAR/node2/run/mysqld.sock $CVAR/node3/run/mysqld.sock"

passed=0
failed=0
node_suite() { # node_suite FILE...
	node --test --test-concurrency=1 --test-reporter=tap "$@" >"$CVAR/log/tap.txt" 2>&1
	cat "$CVAR/log/tap.txt"
	p=$(sed -n 's/^# pass \([0-9]*\)$/\1/p' "$CVAR/log/tap.txt" | tail -1)
	f=$(sed -n 's/^# fail \([0-9]*\)$/\1/p' "$CVAR/log/tap.txt" | tail -1)
	passed=$((passed + ${p:-0}))
	failed=$((failed + ${f:-0}))
	[ -n "$p" ] || { failed=$((failed + 1)); echo "not ok - node suite $* ran"; }
}

conf/cluster.sh stop >/dev/null 2>&1
rm -rf "$CVAR"
mkdir -p "$CVAR/log"
if ! conf/cluster.sh start; then
	echo "not ok - the cluster starts"
	tail -n 30 "$CVAR"/node*/log/mariadb.log "$CVAR"/log/*.log
	conf/cluster.sh stop
	echo "0 passed, 1 failed"
	exit 1
fi
: >"$CVAR/log/figures.txt"

node_suite tests/http/*.test.mjs
node_suite tests/cluster/*.test.mjs

conf/cluster.sh stop
echo "# figures of the fault tests:"
sed 's/^/#   /' "$CVAR/log/figures.txt"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
