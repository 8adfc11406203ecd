#!/usr/bin/env bash
# Runs the Attachments API locally, with everything it needs:
#
#   ./scripts/run.sh [app arguments, e.g. --urls http://127.0.0.1:8080]
#
# Settings already in the environment win. Otherwise: a local PostgreSQL cluster (scripts/postgres.sh),
# files under <repo>/.data/storage, and a signing key and admin password generated once and kept in
# <repo>/.data (mode 600), so tokens and the login survive restarts.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
data_root="$repo_root/.data"
default_urls="http://127.0.0.1:5080"

log() { printf '%s\n' "$*" >&2; }
die() { log "run.sh: $*"; exit 1; }

find_dotnet() {
    local candidate
    if command -v dotnet >/dev/null; then
        command -v dotnet
        return
    fi
    for candidate in "${DOTNET_ROOT:-/nonexistent}/dotnet" "$HOME/.dotnet/dotnet" /usr/share/dotnet/dotnet /usr/lib/dotnet/dotnet; do
        if [[ -x $candidate ]]; then
            printf '%s\n' "$candidate"
            return
        fi
    done
    return 1
}

random_base64() {
    local bytes=$1
    if command -v openssl >/dev/null; then
        openssl rand -base64 "$bytes" | tr -d '\n'
    else
        head -c "$bytes" /dev/urandom | base64 | tr -d '\n'
    fi
}

# Letters and digits only, so the password can be typed and pasted into JSON and shells as it is.
random_password() { random_base64 48 | tr -dc 'A-Za-z0-9' | cut -c1-24; }

# Prints the secret kept in $1, generating it with the command "$2" the first time.
persisted_secret() {
    local file=$1 generator=$2
    if [[ ! -s $file ]]; then
        (umask 077 && "$generator" >"$file.tmp" && mv "$file.tmp" "$file")
    fi
    chmod 600 "$file"
    tr -d '\n' <"$file"
}

signing_key() { random_base64 48; }

# The --urls value passed through to the app, if any.
urls_argument() {
    while (( $# > 0 )); do
        case $1 in
            --urls=*) printf '%s\n' "${1#--urls=}"; return ;;
            --urls) printf '%s\n' "${2:-}"; return ;;
        esac
        shift
    done
}

# A URL curl can reach for the first listening address: wildcard hosts become 127.0.0.1.
reachable_url() {
    local url="${1%%;*}"
    url="$(sed -E 's#^(https?://)(\*|\+|0\.0\.0\.0|\[::\])(:|/|$)#\1127.0.0.1\3#' <<<"$url")"
    printf '%s\n' "${url%/}"
}

json_string() {
    local value=${1//\\/\\\\}
    printf '"%s"' "${value//\"/\\\"}"
}

shell_quote() { printf "'%s'" "${1//\'/\'\\\'\'}"; }

configure_database() {
    if [[ -z ${ConnectionStrings__Attachments:-} ]]; then
        ConnectionStrings__Attachments="$("$repo_root/scripts/postgres.sh" start)"
        export ConnectionStrings__Attachments
    fi
}

# Secrets are assigned apart from export: 'export X=$(cmd)' would hide a failing cmd from set -e.
configure_settings() {
    mkdir -p "$data_root"
    export Storage__Root="${Storage__Root:-$data_root/storage}"
    mkdir -p "$Storage__Root"
    if [[ -z ${Auth__SigningKey:-} ]]; then
        Auth__SigningKey="$(persisted_secret "$data_root/signing-key" signing_key)"
    fi
    export Auth__SigningKey
    export Auth__BootstrapAdmin__UserName="${Auth__BootstrapAdmin__UserName:-admin}"
    if [[ -z ${Auth__BootstrapAdmin__Password:-} ]]; then
        Auth__BootstrapAdmin__Password="$(persisted_secret "$data_root/admin-password" random_password)"
    fi
    export Auth__BootstrapAdmin__Password
    export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Production}"
}

print_banner() {
    local url=$1 body
    body="{\"user_name\":$(json_string "$Auth__BootstrapAdmin__UserName"),\"password\":$(json_string "$Auth__BootstrapAdmin__Password")}"
    log ""
    log "Attachments API"
    log "  URL:      $url"
    log "  Library:  $url/admin/ (the media library; log in as below)"
    log "  Admin:    $Auth__BootstrapAdmin__UserName / $Auth__BootstrapAdmin__Password"
    log "            (created at the first start on an empty database; the password is kept in .data/admin-password)"
    log "  Database: $ConnectionStrings__Attachments"
    log "  Storage:  $Storage__Root"
    log "  Log in:   curl -s -X POST $url/api/login -H 'Content-Type: application/json' -d $(shell_quote "$body")"
    log ""
}

port_of() {
    local rest=${1#*://}
    rest=${rest%%/*}
    [[ $rest == *:* ]] && printf '%s\n' "${rest##*:}"
}

# Another program on the port would answer the health check below and make the banner lie, so say it at once.
port_in_use() { local port=$1; [[ -n $port && $port != 0 ]] && (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; }

# The media library (admin/) is built into admin/dist, which the API build copies to wwwroot/admin. Without npm the API
# still runs, and /admin/ answers 404 saying how to build it.
build_admin() {
    if ! command -v npm >/dev/null; then
        log "run.sh: npm not found, so the media library (/admin/) is not built; install Node.js 20 or later with npm (apt-get install nodejs npm) and run again."
        return
    fi
    log "run.sh: building the media library (admin/: npm ci, npm run build)…"
    (cd "$repo_root/admin" && npm ci --no-audit --no-fund --loglevel=error >&2 && npm run build >&2) \
        || die "the media library build failed (see above)."
}

build() {
    local dotnet=$1
    log "run.sh: building the API (Release); the first build restores packages and takes a minute or two…"
    "$dotnet" build "$repo_root/src/Api/Api.csproj" -c Release -nologo -v minimal -clp:NoSummary >&2 \
        || die "the build failed (see above)."
}

# Waits until the app answers its liveness check, or ends; returns non-zero if it ended.
wait_until_listening() {
    local pid=$1 url=$2
    while kill -0 "$pid" 2>/dev/null; do
        if curl -fsS -o /dev/null --max-time 1 "$url/health/live" 2>/dev/null; then
            return 0
        fi
        sleep 0.3
    done
    return 1
}

main() {
    local dotnet urls url app_pid status
    dotnet="$(find_dotnet)" || die "dotnet not found on PATH, in \$HOME/.dotnet or in /usr/share/dotnet; install the .NET 10 SDK."
    command -v curl >/dev/null || die "curl is needed to see when the API listens; install it (apt-get install curl)."
    export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

    urls="$(urls_argument "$@")"
    if [[ -z $urls ]]; then
        export ASPNETCORE_URLS="${ASPNETCORE_URLS:-$default_urls}"
        urls=$ASPNETCORE_URLS
    fi
    url="$(reachable_url "$urls")"
    if port_in_use "$(port_of "$url")"; then
        die "${url#*://} is already in use by another process; stop it, or choose another address, e.g. ./scripts/run.sh --urls http://127.0.0.1:5081"
    fi

    configure_database
    configure_settings
    build_admin
    build "$dotnet"

    # The built app runs from its output folder, where its appsettings.json is; the banner waits until it listens.
    log "run.sh: starting the API on $url (migrating the database on the first start)…"
    cd "$repo_root/src/Api/bin/Release/net10.0"
    "$dotnet" Attachments.Api.dll "$@" &
    app_pid=$!
    # Ctrl-C reaches this script; the app (a background job) is asked to stop gracefully.
    trap 'kill -TERM "$app_pid" 2>/dev/null' INT TERM
    if wait_until_listening "$app_pid" "$url"; then
        print_banner "$url"
    fi
    status=0
    # wait returns early when the trap runs; the app's own exit status is the one to return.
    wait "$app_pid" || status=$?
    while kill -0 "$app_pid" 2>/dev/null; do
        status=0
        wait "$app_pid" || status=$?
    done
    exit "$status"
}

main "$@"
