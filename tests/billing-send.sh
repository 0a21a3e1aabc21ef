#!/bin/sh
# billing-send.sh FILE|- — send one billing request, signed as the billing system signs it, to
# a running vmsadmin and print the answer (status line, then the JSON body). For trying the
# integration by hand:
#   printf '%s' '{"request_id":"try-1","type":"billing.pause_entity","account":"ACC-100045"}' |
#     tests/billing-send.sh -
# The body is sent byte for byte as given (a trailing newline in a file is part of it).
#   BASE_URL                 where vmsadmin answers (default http://127.0.0.1:8080)
#   VMSADMIN_BILLING_SECRET  the shared secret; else read from $VAR/billing-secret
#   VAR                      the instance's state directory (default var, as `make run` uses)
set -eu
cd "$(dirname "$0")/.."
[ $# -eq 1 ] || { echo "usage: $0 FILE|-   (the JSON request; - reads standard input)" >&2; exit 2; }
BASE_URL=${BASE_URL:-http://127.0.0.1:8080}
VAR=${VAR:-var}
secret=${VMSADMIN_BILLING_SECRET:-}
if [ -z "$secret" ]; then
	[ -r "$VAR/billing-secret" ] || { echo "no secret: set VMSADMIN_BILLING_SECRET or VAR" >&2; exit 2; }
	secret=$(head -n 1 "$VAR/billing-secret")
fi
body=$(mktemp)
trap 'rm -f "$body"' EXIT
if [ "$1" = - ]; then cat >"$body"; else cat -- "$1" >"$body"; fi
# HMAC-SHA256 of the raw body, lowercase hex (openssl takes the key on its command line: run
# this on a host where other users' process lists are no concern)
sig=$(openssl dgst -sha256 -mac HMAC -macopt "key:$secret" "$body" | sed 's/^.*= *//')
curl -sS -w '\nHTTP %{http_code}\n' -X POST "$BASE_URL/billing/v1/events" \
	-H 'Content-Type: application/json' -H "X-Billing-Signature: sha256=$sig" \
	--data-binary "@$body"
