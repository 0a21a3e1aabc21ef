#!/bin/sh
# migrate.sh DATABASE [MARIADB-CLIENT-OPTION...] — bring a vmsadmin database up to date: apply,
# in order, every sql/NNN_*.sql not yet recorded in its schema_migrations table, each recorded
# once it has run. The options go to the mariadb client (an account allowed to CREATE/ALTER):
#   sql/migrate.sh vmsadmin --defaults-extra-file=/etc/vmsadmin/migrate.cnf
# Stops at the first file that fails.
set -eu
dir=$(dirname "$0")
db=$1
shift
sql() { mariadb "$@" -N -B "$db"; }
applied=
if [ -n "$(sql "$@" -e "SHOW TABLES LIKE 'schema_migrations'")" ]; then
	applied=$(sql "$@" -e "SELECT version FROM schema_migrations")
fi
for f in "$dir"/[0-9][0-9][0-9]_*.sql; do
	v=$(basename "$f" .sql)
	if printf '%s\n' "$applied" | grep -qx "$v"; then
		continue
	fi
	echo "applying $v" >&2
	sql "$@" <"$f"
	sql "$@" -e "INSERT INTO schema_migrations (version) VALUES ('$v')"
done
