#!/bin/sh
# Run a command (the test suite) with CIVHARM_TEST_PG naming a throwaway PostgreSQL server,
# so that the tests whose outcome depends on the database run on PostgreSQL as well as on
# SQLite: a column type or length that only PostgreSQL enforces fails here, not at a team's.
#
#   sh scripts/with-postgres.sh .venv/bin/python -m pytest tests/test_store.py
#
# The server lives in a new folder under /tmp, listens only on a unix socket there (no TCP
# port to collide with), trusts whoever can reach that socket, skips fsync (its data is
# thrown away), and is stopped and removed when the command ends. If CIVHARM_TEST_PG is set
# already, that server is used instead. Where no server can be started, the command still
# runs and the PostgreSQL cases skip, after one line saying why.
set -eu

note() {
    echo "with-postgres: $*" >&2
}

# Debian keeps initdb and pg_ctl off PATH, in /usr/lib/postgresql/<version>/bin.
find_bin() {
    if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
        dirname "$(command -v initdb)"
        return 0
    fi
    for candidate in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        if [ -x "$candidate/initdb" ] && [ -x "$candidate/pg_ctl" ]; then
            echo "$candidate"
            return 0
        fi
    done
    return 1
}

install_postgres() {
    if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
        note "PostgreSQL is not installed, and there is no root apt-get to install it"
        return 1
    fi
    note "installing PostgreSQL with apt-get"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null && apt-get install -y -qq postgresql >/dev/null
}

# PostgreSQL refuses to run as root: as root, the server belongs to the `postgres` user.
as_owner() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

start_postgres() {
    bin=$(find_bin) || { install_postgres && bin=$(find_bin); } || return 1
    if [ "$(id -u)" -eq 0 ]; then
        if ! id postgres >/dev/null 2>&1; then
            useradd --system --no-create-home --shell /usr/sbin/nologin postgres
        fi
        superuser=postgres
    else
        superuser=$(id -un)
    fi
    # Short: a unix socket's path may not exceed about 100 bytes.
    pg_dir=$(mktemp -d /tmp/civharm-pg.XXXXXX) || return 1
    chmod 755 "$pg_dir"
    if [ "$(id -u)" -eq 0 ]; then
        chown postgres "$pg_dir"
    fi
    (cd "$pg_dir" && as_owner "$bin/initdb" -D "$pg_dir/data" -U "$superuser" \
        --auth=trust --encoding=UTF8 --locale=C >"$pg_dir/initdb.log" 2>&1) || {
        note "initdb failed: $(tail -n 3 "$pg_dir/initdb.log")"
        return 1
    }
    cat >>"$pg_dir/data/postgresql.conf" <<EOF
listen_addresses = ''
unix_socket_directories = '$pg_dir'
port = 5432
fsync = off
synchronous_commit = off
full_page_writes = off
EOF
    (cd "$pg_dir" && as_owner "$bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" \
        -w -t 60 start >/dev/null) || {
        note "the server did not start: $(tail -n 3 "$pg_dir/server.log")"
        return 1
    }
    pg_bin=$bin
    CIVHARM_TEST_PG="postgresql+psycopg://$superuser@/postgres?host=$pg_dir&port=5432"
    export CIVHARM_TEST_PG
    note "PostgreSQL $("$bin/pg_ctl" --version | awk '{print $3}') on the socket in $pg_dir"
}

stop_postgres() {
    if [ -n "$pg_bin" ] && [ -f "$pg_dir/data/postmaster.pid" ]; then
        (cd "$pg_dir" && as_owner "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate -w stop \
            >/dev/null 2>&1) || note "could not stop the server in $pg_dir"
    fi
    if [ -n "$pg_dir" ]; then
        rm -rf "$pg_dir"
    fi
}

pg_dir=""
pg_bin=""
if [ -n "${CIVHARM_TEST_PG:-}" ]; then
    note "using the server CIVHARM_TEST_PG names"
else
    trap stop_postgres EXIT
    trap 'exit 130' INT TERM
    if ! start_postgres; then
        stop_postgres
        pg_dir=""
        pg_bin=""
        unset CIVHARM_TEST_PG
        note "no PostgreSQL server: the PostgreSQL cases of the tests will be skipped"
    fi
fi
status=0
"$@" || status=$?
exit "$status"
