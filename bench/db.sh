#!/usr/bin/env bash
# `--db` against PostgreSQL's own time for the same aggregates (issue 19): a private server
# (port 54331, stopped on exit) holding ROWS generated SSD contacts (and the other five SSD
# tables, empty), then hyperfine, beside psql running the queries cscstats issues in the
# server's own dialect. Needs the db feature's build requirements and Debian's postgresql
# and odbc-postgresql (as .ci/run installs them).
#
#     bench/db.sh            # 10 million rows
#     ROWS=1000000 bench/db.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROWS=${ROWS:-10000000}
cargo build --release --quiet --features db --bin cscstats
BIN=target/release/cscstats

source scripts/pg-server.sh
pg_start 54331 "-c shared_buffers=1GB"
port=$pgport
export CSCSTATS_DB_PASSWORD="bench-$RANDOM"
pg_admin -d postgres -c "CREATE ROLE cscstats LOGIN PASSWORD '$CSCSTATS_DB_PASSWORD'" -c "CREATE DATABASE ssd"
cargo run --quiet --example make-ssd -- examples/committee-2021 target/ssd-example
# The SSD's six tables, emptied; then ROWS contacts: 2 million children, dates over ten years.
(cd target/ssd-example && sed 's/^\\copy.*//' load.sql | pg_admin -d ssd)
echo "== Loading $ROWS contacts"
pg_admin -d ssd -c "INSERT INTO ssd_contacts
    SELECT 'C' || g, 'P' || (g::bigint * 7919 % 2000000), DATE '2015-04-01' + (g::bigint * 31 % 3653)::int, 'Police'
    FROM generate_series(1, $ROWS) AS g" \
    -c "VACUUM ANALYZE ssd_contacts" \
    -c "GRANT SELECT ON ALL TABLES IN SCHEMA public TO cscstats"
CONN="Driver={PostgreSQL Unicode};Server=localhost;Port=$port;Database=ssd;Uid=cscstats"
PSQL="psql -X -q -h localhost -p $port -U cscstats -d ssd -o /dev/null"
export PGPASSWORD=$CSCSTATS_DB_PASSWORD
events="SELECT extract(year FROM cont_contact_date), extract(month FROM cont_contact_date), count(*)
    FROM ssd_contacts GROUP BY 1, 2"
children="SELECT count(DISTINCT cont_person_id) FROM ssd_contacts
    WHERE cont_contact_date >= DATE '2019-04-01' AND cont_contact_date < DATE '2020-04-01'"
children_before="SELECT count(DISTINCT cont_person_id) FROM ssd_contacts
    WHERE cont_contact_date >= DATE '2018-04-01' AND cont_contact_date < DATE '2019-04-01'"
echo "== Same figures?"
$BIN compare --period 2019-20 --count both -f csv -q --db "$CONN" | grep '^contacts'
$PSQL -o /dev/stdout -t -c "SELECT count(*) FROM ssd_contacts WHERE cont_contact_date >= DATE '2019-04-01' AND cont_contact_date < DATE '2020-04-01'" -c "$children"
echo "== Timing ($ROWS rows)"
hyperfine --warmup 1 --runs 5 --style basic \
    -n "cscstats --db" "$BIN compare --period 2019-20 -f csv -q -o /dev/null --db '$CONN'" \
    -n "psql (the same aggregate)" "$PSQL -c \"$events\"" \
    -n "cscstats --db --count children" "$BIN compare --period 2019-20 --count children -f csv -q -o /dev/null --db '$CONN'" \
    -n "psql (the same three aggregates)" "$PSQL -c \"$events\" -c \"$children\" -c \"$children_before\""
echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; $($BIN --version); PostgreSQL $($pgbin/postgres --version | awk '{print $3}'); commit $(git rev-parse --short HEAD)"
