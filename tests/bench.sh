#!/bin/sh
# bench.sh — throughput of the main answers through nginx with wrk, on a private instance
# (port 18180, data in var/bench) loaded with the scale generator. Reports req/s and latency
# and flags non-2xx answers and socket errors (a fast 502 must not pass for speed); then the time
# Synchronize cameras takes to deliver 1,000 jobs (three delivery processes, the local receiver);
# then, on a cluster (conf/cluster.sh: three Galera nodes, two app hosts, data in
# var/bench-cluster, ports 18940 and 13340), the same pages through one app host and through
# both.
set -eu
cd "$(dirname "$0")/.."
export VAR=${VAR:-$(pwd)/var/bench} PORT=${PORT:-18180} SCALE=${SCALE:-1000}
export VMSADMIN_DEMO_PASSWORD=${VMSADMIN_DEMO_PASSWORD:-bench-password}
command -v wrk >/dev/null || conf/deps.sh test
conf/stack.sh stop >/dev/null 2>&1 || true
rm -rf "$VAR"
conf/stack.sh start
trap 'conf/stack.sh stop' EXIT
conf/stack.sh demo
cookie=$(node -e "
import('./tests/http/helpers.mjs').then(async (h) => {
  const c = await h.signIn('admin'); console.log(c.session);
});")
for path in /admin/users '/admin/users?q=scale.user.5' /admin/users/1001/header \
	/admin/users/1001/user /admin/users/100500/header /admin/users/1001/cameras \
	/admin/users/90000/cameras /admin/users/1001/billing-events; do
	echo "== GET $path"
	wrk -t2 -c8 -d5s -H "Cookie: vms_session=$cookie" "http://127.0.0.1:$PORT$path" |
		grep -E 'Requests/sec|Latency|Non-2xx|Socket errors' || true
done
echo "== Synchronize cameras: 1000 jobs"
node tests/sync-load.mjs 1000 "http://127.0.0.1:$((PORT + 1))"

# Two app hosts against one. The cluster's nginx reaches app host a alone on CPORT+1 and both on
# CPORT; the same pages, the same load (8 connections), through each door in turn.
conf/stack.sh stop
trap - EXIT
export CVAR=$(pwd)/var/bench-cluster
CPORT=18940
cluster() { PORT=$CPORT DB_PORT=13340 conf/cluster.sh "$@"; }
cluster stop >/dev/null 2>&1 || true
rm -rf "$CVAR"
cluster start
trap 'cluster stop' EXIT
cookie=$(VAR=$CVAR BASE_URL=http://127.0.0.1:$CPORT node -e "
import('./tests/http/helpers.mjs').then(async (h) => {
  const c = await h.signIn('admin'); console.log(c.session);
});")
rate() { # rate PORT PATH: requests per second (and any non-2xx or socket error lines)
	wrk -t2 -c8 -d5s -H "Cookie: vms_session=$cookie" "http://127.0.0.1:$1$2" |
		awk '/Requests\/sec/ {r=$2} /Non-2xx|Socket errors/ {e=e " (" $0 ")"} END {printf "%s%s", r, e}'
}
echo "== two app hosts against one (3 Galera nodes; every host, node and nginx share this machine's $(nproc) cores)"
printf '%-36s %14s %14s\n' path "1 host req/s" "2 hosts req/s"
for path in /admin/users/1001/header /admin/users/1001/cameras /admin/users/1001/billing-events /admin/users; do
	printf '%-36s %14s %14s\n' "$path" "$(rate $((CPORT + 1)) "$path")" "$(rate $CPORT "$path")"
done
