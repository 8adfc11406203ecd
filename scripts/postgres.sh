#!/usr/bin/env bash
# A persistent local PostgreSQL cluster for running the API by hand.
#
#   scripts/postgres.sh start    start it (initdb the first time); prints only the connection string
#   scripts/postgres.sh stop     stop it; the data stays
#   scripts/postgres.sh status   say whether it runs
#
# Environment: ATTACHMENTS_PGDATA (default <repo>/.data/postgres; the socket directory and log go beside it),
# ATTACHMENTS_PGPORT (default 55432),
# ATTACHMENTS_PGBIN (a directory holding initdb and pg_ctl, found automatically if unset).
# Everything but the connection string goes to stderr.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
pgdata="${ATTACHMENTS_PGDATA:-$repo_root/.data/postgres}"
pgdata="$(realpath -m "$pgdata")"
port="${ATTACHMENTS_PGPORT:-55432}"
# The socket directory and server log sit beside the data directory: <repo>/.data unless overridden.
state_root="$(dirname "$pgdata")"
socket_dir="$state_root/postgres-socket"
log_file="$state_root/postgres.log"
database=attachments
owner=postgres

log() { printf 'postgres.sh: %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }

connection_string() { printf 'Host=127.0.0.1;Port=%s;Username=%s;Database=%s\n' "$port" "$owner" "$database"; }

find_bindir() {
    local dir
    if [[ -n ${ATTACHMENTS_PGBIN:-} ]]; then
        printf '%s\n' "$ATTACHMENTS_PGBIN"
        return
    fi
    while IFS= read -r dir; do
        if [[ -x $dir/initdb && -x $dir/pg_ctl ]]; then
            printf '%s\n' "$dir"
            return
        fi
    done < <(compgen -G '/usr/lib/postgresql/*/bin' | sort -V -r)
    if command -v pg_config >/dev/null && dir="$(pg_config --bindir 2>/dev/null)" && [[ -x $dir/initdb ]]; then
        printf '%s\n' "$dir"
        return
    fi
    if command -v initdb >/dev/null; then
        dirname "$(readlink -f "$(command -v initdb)")"
        return
    fi
    return 1
}

running_as_root() { [[ $(id -u) -eq 0 ]]; }

# initdb and postgres refuse to run as root, so as root the cluster belongs to the postgres OS user.
# The commands run from / because the owner may not be allowed into the caller's working directory.
as_owner() {
    if ! running_as_root; then
        (cd / && "$@")
    elif command -v runuser >/dev/null; then
        (cd / && runuser -u "$owner" -- "$@")
    else
        (cd / && su "$owner" -s /bin/bash -c "$(printf '%q ' "$@")")
    fi
}

# The owner must be able to reach the data and socket directories: make the directories this script
# controls (inside the repository) traversable, and refuse clearly where it would have to touch others.
ensure_owner_can_reach() {
    local target=$1 dir path=""
    running_as_root || return 0
    IFS=/ read -r -a parts <<<"${target#/}"
    for dir in "${parts[@]}"; do
        path="$path/$dir"
        as_owner test -x "$path" && continue
        if [[ $path == "$repo_root" || $path == "$repo_root"/* ]]; then
            chmod o+x "$path"
        else
            die "the $owner OS user cannot enter $path (needed for $target). Run 'chmod o+x $path', or set ATTACHMENTS_PGDATA to a directory it can reach."
        fi
    done
}

prepare_directory() {
    local dir=$1
    mkdir -p "$dir"
    if running_as_root; then
        chown "$owner": "$dir"
    fi
    chmod 700 "$dir"
    ensure_owner_can_reach "$dir"
}

is_running() { as_owner "$bindir/pg_ctl" status -D "$pgdata" >/dev/null 2>&1; }

running_port() { sed -n 4p "$pgdata/postmaster.pid" 2>/dev/null; }

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; }

psql_admin() {
    local psql="$bindir/psql"
    [[ -x $psql ]] || psql=psql
    "$psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U "$owner" -d postgres "$@"
}

initialize_cluster() {
    local output
    log "creating a new cluster in $pgdata"
    if ! output="$(as_owner "$bindir/initdb" -D "$pgdata" -U "$owner" -A trust -E UTF8 --no-locale 2>&1)"; then
        printf '%s\n' "$output" >&2
        die "initdb failed"
    fi
}

start_server() {
    if port_in_use; then
        die "127.0.0.1:$port is already in use by another process, so the cluster in $pgdata cannot listen there. Stop that process, or set ATTACHMENTS_PGPORT to a free port."
    fi
    touch "$log_file"
    if running_as_root; then
        chown "$owner": "$log_file"
    fi
    log "starting PostgreSQL on 127.0.0.1:$port (log: $log_file)"
    if ! as_owner "$bindir/pg_ctl" start -D "$pgdata" -l "$log_file" -w -t 60 \
        -o "-p $port -k '$socket_dir' -c listen_addresses=127.0.0.1" >&2; then
        tail -n 20 "$log_file" >&2 || true
        die "PostgreSQL did not start; see $log_file"
    fi
}

ensure_database() {
    if [[ -z $(psql_admin -tAc "select 1 from pg_database where datname = '$database'") ]]; then
        log "creating database $database"
        psql_admin -c "create database \"$database\"" >&2
    fi
}

start() {
    mkdir -p "$state_root"
    ensure_owner_can_reach "$state_root"
    prepare_directory "$pgdata"
    prepare_directory "$socket_dir"
    if [[ ! -s $pgdata/PG_VERSION ]]; then
        initialize_cluster
    fi

    if is_running; then
        local actual
        actual="$(running_port)"
        if [[ $actual != "$port" ]]; then
            die "the cluster in $pgdata already runs on port $actual, not $port. Run '$0 stop' first, or set ATTACHMENTS_PGPORT=$actual."
        fi
        log "already running on 127.0.0.1:$port"
    else
        start_server
    fi

    ensure_database
    connection_string
}

stop() {
    if [[ -s $pgdata/PG_VERSION ]] && is_running; then
        log "stopping PostgreSQL in $pgdata"
        as_owner "$bindir/pg_ctl" stop -D "$pgdata" -m fast -w >&2
    else
        log "not running"
    fi
}

status() {
    if [[ -s $pgdata/PG_VERSION ]] && is_running; then
        log "running on 127.0.0.1:$(running_port), data in $pgdata"
    else
        log "not running (data: $pgdata)"
        return 3
    fi
}

main() {
    if (( ${#socket_dir} > 90 )); then
        # Unix socket paths are limited to about 107 bytes; keep deep checkouts working.
        socket_dir="${TMPDIR:-/tmp}/attachments-pg-socket-$(id -u)-$port"
    fi
    if running_as_root && ! id "$owner" >/dev/null 2>&1; then
        die "running as root, but there is no '$owner' OS user to own the cluster (initdb refuses to run as root). Create it (useradd --system --create-home $owner) or run as a normal user."
    fi
    bindir="$(find_bindir)" || die "no PostgreSQL server binaries (initdb, pg_ctl) found in /usr/lib/postgresql/*/bin, via pg_config or on PATH. Install them (Debian/Ubuntu: apt-get install postgresql) or set ATTACHMENTS_PGBIN."

    case "${1:-}" in
        start) start ;;
        stop) stop ;;
        status) status ;;
        *) die "usage: $0 start|stop|status" ;;
    esac
}

main "$@"
