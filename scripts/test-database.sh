#!/usr/bin/env bash
# Runs tests/cli/database.rs (`--db`) against a real PostgreSQL server through its ODBC driver:
# starts a private server (scripts/pg-server.sh, port 54329, stopped on exit), loads the
# committee example as Standard Safeguarding Dataset tables (the make-ssd example writes them
# and load.sql) and the tables the failure tests need (testdata/db/errors.sql), then runs the
# tests with the `db` feature. Needs Debian's postgresql, odbc-postgresql and unixodbc-dev
# (.ci/run installs them). Run from anywhere: scripts/test-database.sh [TEST FILTER]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/pg-server.sh
pg_start "${CSCSTATS_TEST_PORT:-54329}"

password="test-only-$RANDOM$RANDOM"
pg_admin -d postgres -c "CREATE ROLE cscstats LOGIN PASSWORD '$password'" -c "CREATE DATABASE ssd"
cargo run --quiet --example make-ssd -- examples/committee-2021 target/ssd-example
(cd target/ssd-example && pg_admin -d ssd -f load.sql)
pg_admin -d ssd -f testdata/db/errors.sql \
    -c "GRANT SELECT ON ALL TABLES IN SCHEMA public TO cscstats" \
    -c "REVOKE ALL ON ssd_contacts_private FROM cscstats"

CSCSTATS_TEST_DB="Driver={PostgreSQL Unicode};Server=localhost;Port=$pgport;Database=ssd;Uid=cscstats" \
CSCSTATS_TEST_SSD="$PWD/target/ssd-example" CSCSTATS_DB_PASSWORD="$password" \
    cargo test --features db --test cli database:: "$@"
