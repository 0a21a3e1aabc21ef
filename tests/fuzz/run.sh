#!/bin/bash
# run.sh TARGET... — fuzz each target (build/fuzz/fuzz_TARGET) for $FUZZ_SECONDS (default 300),
# $FUZZ_JOBS at a time (default: the number of cores), from its seed corpus in
# tests/fuzz/corpus/TARGET with its dictionary; the corpus grows in var/fuzz/TARGET (not in git).
# A crash, leak or UBSan report stops that target: the input is minimized, printed and kept in
# tests/fuzz/crashes/TARGET/ (commit it: make test replays it from then on), and the run fails.
# Ends with one line per target: executions, executions per second, coverage (cov: edges,
# ft: features), corpus size.
set -u
cd "$(dirname "$0")/../.."
SECONDS_EACH=${FUZZ_SECONDS:-300}
JOBS=${FUZZ_JOBS:-$(nproc)}
OUT=var/fuzz
mkdir -p "$OUT"

one() { # one TARGET: fuzz it; 0 when nothing was found
	t=$1 bin=build/fuzz/fuzz_$1 dict=tests/fuzz/$1.dict
	mkdir -p "$OUT/$t" "$OUT/$t-artifacts"
	[ -f "$dict" ] && d="-dict=$dict" || d=
	# a target's own flags (tests/fuzz/TARGET.options, one per line) come last and win
	opts=$(cat "tests/fuzz/$t.options" 2>/dev/null)
	# -close_fd_mask=3: what the library prints (conf's refusals, one per input) goes nowhere;
	# libFuzzer's own lines and the sanitizers' reports still reach the log
	"$bin" "$OUT/$t" "tests/fuzz/corpus/$t" $d -max_total_time="$SECONDS_EACH" \
		-print_final_stats=1 -timeout=10 -rss_limit_mb=2048 -max_len=4096 -close_fd_mask=3 \
		-artifact_prefix="$OUT/$t-artifacts/" $opts >"$OUT/$t.log" 2>&1
	rc=$?
	[ $rc -eq 0 ] && return 0
	for a in "$OUT/$t-artifacts"/*; do
		[ -f "$a" ] || continue
		mkdir -p "tests/fuzz/crashes/$t"
		min="tests/fuzz/crashes/$t/$(basename "$a")"
		"$bin" -minimize_crash=1 -max_total_time=60 -exact_artifact_path="$min" "$a" \
			>>"$OUT/$t.log" 2>&1 || cp "$a" "$min"
		[ -f "$min" ] || cp "$a" "$min"
		echo "== $t: $min"
		od -c "$min" | head -n 20
	done
	grep -E 'ERROR|runtime error|SUMMARY' "$OUT/$t.log" | head -n 5
	return 1
}

export OUT SECONDS_EACH
export -f one
failed=0
printf '%s\n' "$@" | xargs -P "$JOBS" -I{} bash -c 'one "$1"' _ {} || failed=1

for t in "$@"; do
	log=$OUT/$t.log
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
	done_line=$(grep -E '^#[0-9]+.*(DONE|cov:)' "$log" | tail -n 1)
	cov=$(echo "$done_line" | sed -n 's/.*cov: \([0-9]*\).*/\1/p')
	ft=$(echo "$done_line" | sed -n 's/.*ft: \([0-9]*\).*/\1/p')
	corp=$(echo "$done_line" | sed -n 's/.*corp: \([0-9]*\).*/\1/p')
	printf '%-8s %12s execs %8s/s  cov %6s  ft %6s  corpus %s\n' "$t" "${execs:-?}" "${rate:-?}" \
		"${cov:-?}" "${ft:-?}" "${corp:-?}"
done
exit $failed
