#!/usr/bin/env bash
# A throwaway PostgreSQL server for the storage tests.
#
#   eval "$(.ci/postgres.sh start [DIR])"  # prints export lines for MEDNER_TEST_POSTGRES_URL
#                                          # and MEDNER_TEST_POSTGRES_DIR
#   .ci/postgres.sh stop [DIR]             # stops the server and deletes DIR
#   source .ci/postgres.sh start [DIR]     # the eval form, exporting into the caller
#
# The cluster lives in DIR (default: $MEDNER_TEST_POSTGRES_DIR, else /tmp/medner-pg), listens on
# 127.0.0.1 only, trusts local TCP, and trades durability for speed (fsync off): it holds test
# data only. Starting twice reuses the running server; a busy port moves it to the next free one,
# and a port taken between that check and the server's bind is retried on the next one too.
# The default first port lies below Linux's ephemeral range (32768-60999), where a client
# connection elsewhere on the machine can hold any port at any moment.
# Installs Debian's postgresql when no initdb is found. Runs the server as `postgres` when root.
# Environment: MEDNER_TEST_POSTGRES_PORT (first port tried, default 25432),
#              MEDNER_TEST_POSTGRES_DB (database to create, default medner_test),
#              MEDNER_TEST_POSTGRES_MAX_CONNECTIONS (default 100: PostgreSQL's own default, the
#              budget a real deployment has, so the tests see the connection limits it sees).

_medner_pg_main() {
    set -euo pipefail

    local default_dir="${MEDNER_TEST_POSTGRES_DIR:-/tmp/medner-pg}"
    local first_port="${MEDNER_TEST_POSTGRES_PORT:-25432}"
    local database="${MEDNER_TEST_POSTGRES_DB:-medner_test}"
    local max_connections="${MEDNER_TEST_POSTGRES_MAX_CONNECTIONS:-100}"

    log() { printf 'postgres.sh: %s\n' "$*" >&2; }

    # The server binaries: on PATH, else Debian's versioned directory, else installed now.
    find_bindir() {
        if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
            dirname "$(readlink -f "$(command -v pg_ctl)")"
            return
        fi
        local candidate
        candidate="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
        if [[ -n "$candidate" && -x "$candidate/initdb" ]]; then
            printf '%s\n' "$candidate"
            return
        fi
        return 1
    }

    install_postgres() {
        log "installing postgresql from Debian packages"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq >&2
        apt-get install -y -qq postgresql >&2
    }

    bindir() {
        find_bindir || { install_postgres && find_bindir; } || {
            log "no PostgreSQL server binaries found"
            return 1
        }
    }

    is_root() { [[ "$(id -u)" == 0 ]]; }

    # initdb and postgres refuse to run as root, so root runs them as the postgres user.
    as_owner() {
        if is_root; then
            runuser -u postgres -- "$@"
        else
            "$@"
        fi
    }

    fresh_dir() {
        local dir="$1"
        rm -rf "$dir"
        mkdir -p "$dir"
        if is_root; then
            id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
            chown postgres: "$dir"
        fi
        chmod 700 "$dir"
    }

    # Binds the port the way the server will (SO_REUSEADDR), so a port held by a client
    # connection counts as taken too; a connect test would only see listening sockets.
    port_in_use() {
        if command -v python3 >/dev/null 2>&1; then
            ! python3 - "$1" <<'PY' 2>/dev/null
import socket, sys
with socket.socket() as probe:
    probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    probe.bind(("127.0.0.1", int(sys.argv[1])))
PY
        else
            (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
        fi
    }

    free_port() {
        local port="$1" tries=0
        while port_in_use "$port"; do
            port=$((port + 1)) tries=$((tries + 1))
            if ((tries > 50)); then
                log "no free port from $1"
                return 1
            fi
        done
        printf '%s\n' "$port"
    }

    print_exports() {
        local dir="$1" port="$2"
        printf 'export MEDNER_TEST_POSTGRES_DIR=%q\n' "$dir"
        printf 'export MEDNER_TEST_POSTGRES_URL=%q\n' \
            "postgresql://postgres@127.0.0.1:$port/$database"
    }

    running_port() {
        local dir="$1" bin="$2"
        [[ -f "$dir/data/postmaster.pid" ]] || return 1
        as_owner "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1 || return 1
        sed -n 4p "$dir/data/postmaster.pid"
    }

    create_database() {
        local bin="$1" port="$2"
        local exists
        exists="$(as_owner "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -tAc \
            "SELECT 1 FROM pg_database WHERE datname = '$database'")"
        if [[ "$exists" != 1 ]]; then
            as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres "$database"
        fi
    }

    start() {
        local dir="${1:-$default_dir}" bin port
        bin="$(bindir)"
        if port="$(running_port "$dir" "$bin")"; then
            log "reusing the server in $dir on port $port"
            create_database "$bin" "$port"
            print_exports "$dir" "$port"
            return
        fi
        fresh_dir "$dir"
        as_owner "$bin/initdb" --pgdata="$dir/data" --username=postgres --auth=trust \
            --encoding=UTF8 --locale=C --no-sync >"$dir/initdb.log" 2>&1 || {
            cat "$dir/initdb.log" >&2
            return 1
        }
        port="$first_port"
        local attempt
        for attempt in 1 2 3 4 5; do
            port="$(free_port "$port")"
            rm -f "$dir/server.log"
            if as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 start -o \
                "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off \
                 -c synchronous_commit=off -c full_page_writes=off -c max_connections=$max_connections" \
                >/dev/null; then
                break
            fi
            if ((attempt == 5)) || ! grep -q 'Address already in use' "$dir/server.log"; then
                cat "$dir/server.log" >&2
                return 1
            fi
            log "port $port was taken before the server could bind it; trying the next one"
            port=$((port + 1))
        done
        create_database "$bin" "$port"
        log "started PostgreSQL in $dir on 127.0.0.1:$port"
        print_exports "$dir" "$port"
    }

    stop() {
        local dir="${1:-$default_dir}" bin
        if [[ -f "$dir/data/postmaster.pid" ]]; then
            bin="$(find_bindir)" || { log "no pg_ctl to stop $dir"; return 1; }
            as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
        fi
        rm -rf "$dir"
        log "stopped and removed $dir"
    }

    case "${1:-}" in
        start) shift; start "$@" ;;
        stop) shift; stop "$@" ;;
        *)
            log "usage: $0 start [DIR] | stop [DIR]"
            return 2
            ;;
    esac
}

if [[ "${BASH_SOURCE[0]}" != "$0" ]]; then
    # Sourced: run in a subshell so `set -e` and the helpers stay out of the caller,
    # and export what `start` prints into the caller's environment.
    if [[ "${1:-}" == start ]]; then
        _medner_pg_exports="$(_medner_pg_main "$@")"
        _medner_pg_status=$?
        if ((_medner_pg_status == 0)); then eval "$_medner_pg_exports"; fi
    else
        (_medner_pg_main "$@")
        _medner_pg_status=$?
    fi
    unset -f _medner_pg_main
    unset _medner_pg_exports
    # shellcheck disable=SC2317  # `return` is the sourced path; `exit` would end the caller
    return "$_medner_pg_status" 2>/dev/null || exit "$_medner_pg_status"
else
    _medner_pg_main "$@"
fi
