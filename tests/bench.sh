#!/bin/sh
# bench.sh — make bench: throughput of the main pages against the architecture's ceiling, the
# webhook's durable events/s, a worker's memory over 200,000 requests, start-up time
# (tests/bench.mjs), and how long Synchronize cameras takes to deliver 1,000 jobs — on a private
# instance (port 18990, data in var/bench) holding SCALE generated subscribers (default
# 1,000,000: made by sql/demo-scale.sql on the first run, about 12 minutes here; kept for the
# next runs, which take about 10 minutes). Prints Markdown and keeps it in var/bench/bench-*.md.
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
