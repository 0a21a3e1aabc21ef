#!/bin/sh
# deps.sh [test|cluster] — install the Debian packages the build and `make run` need (and, with
# "test", what `make test` and `make bench` need too; with "cluster", what `make cluster` adds:
# Galera, and mariabackup with socat for SST). Installs only what is missing.
set -eu
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
	nodejs) command -v node >/dev/null && continue ;; # e.g. a NodeSource build, npm included
	npm) command -v npm >/dev/null && continue ;;
	esac
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "installing:$missing"
if [ "$(id -u)" -ne 0 ]; then
	echo "not root: run  sudo apt-get install$missing" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# nginx-light and a full nginx conflict; an existing nginx package does just as well
apt-get install -y -qq --no-install-recommends $missing >/dev/null
