#!/bin/sh
# bench.sh — throughput of the main answers through nginx with wrk, on a private instance
# (port 18180, data in var/bench) loaded with the scale generator. Reports req/s and latency
# and flags non-2xx answers and socket errors (a fast 502 must not pass for speed); then the time
# Synchronize cameras takes to deliver 1,000 jobs (three delivery processes, the local receiver).
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
