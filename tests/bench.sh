#!/bin/sh
# bench.sh — make bench: throughput of the main pages against the architecture's ceiling, the
# webhook's durable events/s, a worker's memory over 200,000 requests, start-up time
# (tests/bench.mjs), and how long Synchronize cameras takes to deliver 1,000 jobs — on a private
# instance (port 18990, data in var/bench) holding SCALE generated subscribers (default
# 1,000,000: made by sql/demo-scale.sql on the first run, about 7½ minutes here; kept for the
# next runs, which take about 10 minutes). Prints Markdown and keeps it in var/bench/bench-*.md.
# Then, unless BENCH_CLUSTER=0, on a cluster (conf/cluster.sh: three Galera nodes, two app hosts,
# data in var/bench-cluster, ports 18940 and 13340), the same pages through one app host and
# through both.
set -eu
cd "$(dirname "$0")/.."
export VAR=${VAR:-$(pwd)/var/bench} PORT=${PORT:-18990} SCALE=${SCALE:-1000000}
export VMSADMIN_DEMO_PASSWORD=${VMSADMIN_DEMO_PASSWORD:-bench-password}
export VMSADMIN_BILLING_SECRET=${VMSADMIN_BILLING_SECRET:-bench-billing-secret}
export BASE_URL=http://127.0.0.1:$PORT
# the webhook is measured from 127.0.0.1, beyond nginx's per-address rate for it
export RATE_EXEMPT=127.0.0.1
# room for the generator's loads and the dataset's hot pages
export INNODB_BUFFER_POOL=${INNODB_BUFFER_POOL:-2G} INNODB_LOG_FILE_SIZE=${INNODB_LOG_FILE_SIZE:-1G}
# a webhook transaction waits on the disk for its commit: one worker per client lets the
# commits in flight share each flush
export WORKERS_billing=${WORKERS_billing:-16}
command -v wrk >/dev/null || conf/deps.sh test
conf/stack.sh stop >/dev/null 2>&1 || true
conf/stack.sh start
trap 'conf/stack.sh stop' EXIT
conf/stack.sh demo
mkdir -p "$VAR"
node tests/bench.mjs | tee "$VAR/bench-$(date -u +%Y%m%d-%H%M).md"
echo "== Synchronize cameras: 1000 jobs"
node tests/sync-load.mjs 1000 "http://127.0.0.1:$((PORT + 1))"

[ "${BENCH_CLUSTER:-1}" = 0 ] && exit 0

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
