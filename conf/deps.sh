#!/bin/sh
# deps.sh [test|cluster] — install the Debian packages the build and `make run` need (and, with
# "test", what `make test` and `make bench` need too, and axe-core from npm for the browser
# tests' accessibility checks: tests/browser/package-lock.json; with "cluster", what
# `make cluster` adds: Galera, and mariabackup with socat for SST). Installs only what is
# missing.
set -eu
cd "$(dirname "$0")/.."
pkgs="make gcc g++ pkg-config libfcgi-dev libmariadb-dev libcjson-dev libctemplate-dev
      libsodium-dev libinih-dev libcurl4-openssl-dev mariadb-server nginx-light curl openssl tzdata"
if [ "${1:-}" = test ]; then
	pkgs="$pkgs libcmocka-dev chromium nodejs npm wrk procps clang-format clang libclang-rt-14-dev"
fi
if [ "${1:-}" = cluster ]; then
	pkgs="galera-4 mariadb-backup socat iproute2 procps"
fi
missing=
for p in $pkgs; do
	case $p in # any nginx, MariaDB or Node.js already installed will do
	nginx-light) command -v nginx >/dev/null && continue ;;
	mariadb-server) command -v mariadbd >/dev/null && continue ;;
	nodejs) command -v node >/dev/null && continue ;; # e.g. a NodeSource build
	npm) command -v npm >/dev/null && continue ;;
	esac
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing="$missing $p"
done
if [ -n "$missing" ]; then
	echo "installing:$missing"
	if [ "$(id -u)" -ne 0 ]; then
		echo "not root: run  sudo apt-get install$missing" >&2
		exit 1
	fi
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	# nginx-light and a full nginx conflict; an existing nginx package does just as well
	apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi
[ "${1:-}" = test ] || exit 0

# axe-core, exactly the version (and bytes: the lock's integrity hash) tests/browser pins. Where
# npm's registry cannot be reached the browser tests run without accessibility checks and say
# so, unless VMS_REQUIRE_AXE=1 (CI): then this fails.
dir=tests/browser
want=$(sed -n 's/.*"axe-core": "\([^"]*\)".*/\1/p' $dir/package.json)
have=$(sed -n 's/^  "version": "\([^"]*\)".*/\1/p' $dir/node_modules/axe-core/package.json 2>/dev/null || true)
[ "$want" = "$have" ] && exit 0
echo "installing axe-core $want (npm ci in $dir)"
if ! npm ci --prefix $dir --no-audit --no-fund --fetch-retries=1 >"$dir/npm-ci.log" 2>&1; then
	tail -n 5 "$dir/npm-ci.log" >&2
	if [ "${VMS_REQUIRE_AXE:-0}" = 1 ]; then
		echo "axe-core could not be installed, and VMS_REQUIRE_AXE=1" >&2
		exit 1
	fi
	echo "warning: axe-core could not be installed: the browser tests will not check accessibility" >&2
fi
