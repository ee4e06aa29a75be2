# Sourced by scripts/test-database.sh and bench/db.sh: a private PostgreSQL server in a
# temporary folder, for as long as the calling script runs.
#
#     pg_start PORT [SERVER OPTIONS]   initdb, start on localhost:PORT, stop and remove on exit
#     pg_admin ARGS…                   psql as the server's owner (stops on the first error)
#
# As root, the server runs as the postgres user (Debian's postgresql package creates it).

pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)

as_postgres() {
    if [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$1"; else sh -c "$1"; fi
}

pg_start() {
    pgport=$1
    pgdata=$(mktemp -d)
    if [ "$(id -u)" = 0 ]; then chown postgres "$pgdata"; fi
    as_postgres "$pgbin/initdb -D $pgdata -U postgres --auth-local=trust --auth-host=scram-sha-256 >/dev/null"
    as_postgres "$pgbin/pg_ctl -D $pgdata -o '-p $pgport -k $pgdata -c listen_addresses=localhost ${2:-}' -l $pgdata/log -w start >/dev/null"
    trap pg_stop EXIT
}

pg_stop() {
    as_postgres "$pgbin/pg_ctl -D $pgdata -m fast -w stop >/dev/null" || true
    rm -rf "$pgdata"
}

pg_admin() {
    PGOPTIONS="-c client_min_messages=warning" \
        psql -X -q -v ON_ERROR_STOP=1 -h "$pgdata" -p "$pgport" -U postgres "$@"
}
