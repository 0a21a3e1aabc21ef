#!/bin/sh
# run.sh — the whole suite on a private instance (own port and data directory, so a running
# `make run` is never touched): unit tests, HTTP and browser tests against the real nginx +
# FastCGI + MariaDB, the database-outage tests, then many requests per process under
# AddressSanitizer/LeakSanitizer. Ends with one line "N passed, N failed".
set -u
cd "$(dirname "$0")/.."
TOP=$(pwd)
export VAR=${VAR:-$TOP/var/test}
export PORT=${PORT:-18080}
export BIN=${BIN:-$TOP/build/san/cgi-bin}
UNIT_DIR=${UNIT_DIR:-$TOP/build/san/tests}
export BASE_URL=http://127.0.0.1:$PORT
export VMSADMIN_DEMO_PASSWORD=${VMSADMIN_DEMO_PASSWORD:-test-$(head -c 9 /dev/urandom | od -An -tx1 | tr -d ' \n')}
export VMSADMIN_BILLING_SECRET=${VMSADMIN_BILLING_SECRET:-test-billing-secret}
export LEAK_REQUESTS=${LEAK_REQUESTS:-6000}
# The suite runs from 127.0.0.1, faster than nginx's per-address request-rate limits allow;
# tests/http/nginx.test.mjs tests those limits from other loopback addresses.
export RATE_EXEMPT=${RATE_EXEMPT:-127.0.0.1}
# Sanitizer reports go to files checked at the end (a worker's stderr is its log).
export ASAN_OPTIONS="detect_leaks=1:log_path=$VAR/log/asan:exitcode=23"
export UBSAN_OPTIONS="print_stacktrace=1:log_path=$VAR/log/ubsan"
export LSAN_OPTIONS="suppressions=$TOP/tests/lsan.supp:print_suppressions=0"

passed=0
failed=0
result() { # result NAME ok|fail
	if [ "$2" = ok ]; then passed=$((passed + 1)); echo "ok - $1"; else failed=$((failed + 1)); echo "not ok - $1"; fi
}

# 1. Unit tests (cmocka): read its summary lines.
for t in "$UNIT_DIR"/unit_*; do
	[ -x "$t" ] || continue
	out=$(ASAN_OPTIONS=detect_leaks=1 "$t" 2>&1)
	echo "$out"
	p=$(echo "$out" | sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' | tail -1)
	f=$(echo "$out" | sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' | tail -1)
	passed=$((passed + ${p:-0}))
	failed=$((failed + ${f:-0}))
	[ -n "$p$f" ] || result "$(basename "$t") ran" fail
done

# Fuzz targets: every corpus input and every crash found so far, replayed once under ASan/UBSan.
fuzzlog=$(mktemp)
for t in build/fuzz/fuzz_*; do
	[ -x "$t" ] || continue
	n=${t##*/fuzz_}
	if "$t" -runs=0 tests/fuzz/corpus/"$n" $(ls -d tests/fuzz/crashes/"$n" 2>/dev/null) \
		>"$fuzzlog" 2>&1; then
		result "fuzz target $n replays its corpus and past crashes" ok
	else
		result "fuzz target $n replays its corpus and past crashes" fail
		grep -E "ERROR|runtime error|Running" "$fuzzlog" | tail -n 20
	fi
done
rm -f "$fuzzlog"

# Every C file follows .clang-format.
fmt=$(mktemp)
if make -s check-format >"$fmt" 2>&1; then result "every C file follows .clang-format" ok
else result "every C file follows .clang-format" fail; head -n 40 "$fmt"; fi
rm -f "$fmt"

# 2. The private instance, from scratch.
conf/stack.sh stop >/dev/null 2>&1
rm -rf "$VAR"
mkdir -p "$VAR/log"
if ! conf/stack.sh start; then
	result "the test instance starts" fail
	tail -n 30 "$VAR"/log/*.log
	echo "$passed passed, $failed failed"
	exit 1
fi


# 3. HTTP and browser tests (node:test, TAP), then the outage tests on their own.
node_suite() { # node_suite FILE...
	[ $# -gt 0 ] || return 0
	node --test --test-concurrency=1 --test-reporter=tap "$@" >"$VAR/log/tap.txt" 2>&1
	cat "$VAR/log/tap.txt"
	p=$(sed -n 's/^# pass \([0-9]*\)$/\1/p' "$VAR/log/tap.txt" | tail -1)
	f=$(sed -n 's/^# fail \([0-9]*\)$/\1/p' "$VAR/log/tap.txt" | tail -1)
	passed=$((passed + ${p:-0}))
	failed=$((failed + ${f:-0}))
	[ -n "$p" ] || result "node suite $* ran" fail
}
node_suite tests/http/*.test.mjs tests/browser/*.test.mjs
node_suite tests/outage/*.test.mjs

# 4. The leak check: the programs again with one worker each, so every program's share of
#    thousands of requests goes through one long-lived process; then a graceful stop, at which
#    LeakSanitizer checks each process (ASan/UBSan report anything else on the way).
conf/stack.sh stop >/dev/null
WORKERS=1 conf/stack.sh start >/dev/null 2>&1 || result "the instance restarts with one worker each" fail
before=$(for p in "$VAR"/log/*.log; do echo "$p $(wc -l <"$p")"; done)
if node tests/load.mjs "$LEAK_REQUESTS"; then result "$LEAK_REQUESTS requests under the sanitizers answered" ok
else result "$LEAK_REQUESTS requests under the sanitizers answered" fail; fi
echo "$before" | while read -r f n; do
	case $f in */nginx-*|*/mariadb.log|*/install-db.log|*/sync-receiver.log) continue ;; esac
	echo "# $(basename "$f" .log): $(($(wc -l <"$f") - n)) requests through its one worker"
done
conf/stack.sh stop
reports=$(grep -l -E 'ERROR: (LeakSanitizer|AddressSanitizer)|runtime error' "$VAR"/log/asan.* "$VAR"/log/ubsan.* 2>/dev/null)
if [ -z "$reports" ]; then result "no leak or memory error in any worker" ok
else
	result "no leak or memory error in any worker" fail
	for r in $reports; do echo "== $r"; head -n 60 "$r"; done
fi

[ -f tests/browser/node_modules/axe-core/axe.min.js ] ||
	echo "# accessibility was not checked: axe-core is not installed (make deps-test could not reach npm)"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
