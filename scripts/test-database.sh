#!/usr/bin/env bash
# Runs tests/database.rs (`--db`) against a real PostgreSQL server through its ODBC driver:
# starts a private server in a temporary folder (port 54329, stopped on exit), loads the
# committee example as Standard Safeguarding Dataset tables (the make-ssd example writes them
# and load.sql) and the tables the failure tests need (testdata/db/errors.sql), then runs the
# tests with the `db` feature. Needs Debian's postgresql, odbc-postgresql and unixodbc-dev
# (.ci/run installs them). Run from anywhere: scripts/test-database.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
pgdata=$(mktemp -d)
port=${CSCSTATS_TEST_PORT:-54329}
as_postgres() {
    if [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$1"; else sh -c "$1"; fi
}
if [ "$(id -u)" = 0 ]; then chown postgres "$pgdata"; fi
as_postgres "$pgbin/initdb -D $pgdata -U postgres --auth-local=trust --auth-host=scram-sha-256 >/dev/null"
as_postgres "$pgbin/pg_ctl -D $pgdata -o '-p $port -k $pgdata -c listen_addresses=localhost' -l $pgdata/log -w start >/dev/null"
stop() {
    as_postgres "$pgbin/pg_ctl -D $pgdata -m fast -w stop >/dev/null" || true
    rm -rf "$pgdata"
}
trap stop EXIT

psql_admin() { psql -X -q -v ON_ERROR_STOP=1 -h "$pgdata" -p "$port" -U postgres "$@"; }
password="test-only-$RANDOM$RANDOM"
psql_admin -d postgres -c "CREATE ROLE cscstats LOGIN PASSWORD '$password'" -c "CREATE DATABASE ssd"
cargo run --quiet --example make-ssd -- examples/committee-2021 target/ssd-example
(cd target/ssd-example && psql_admin -d ssd -f load.sql)
psql_admin -d ssd -f testdata/db/errors.sql \
    -c "GRANT SELECT ON ALL TABLES IN SCHEMA public TO cscstats" \
    -c "REVOKE ALL ON ssd_contacts_private FROM cscstats"

CSCSTATS_TEST_DB="Driver={PostgreSQL Unicode};Server=localhost;Port=$port;Database=ssd;Uid=cscstats" \
CSCSTATS_TEST_SSD="$PWD/target/ssd-example" CSCSTATS_DB_PASSWORD="$password" \
    cargo test --features db --test database "$@"
