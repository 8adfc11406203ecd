#!/usr/bin/env bash
# The performance benchmarks of issue 12, over HTTP against the real service and PostgreSQL, with the baselines they are
# compared with; writes docs/benchmarks.md. About 15 minutes on 2 cores (more with BENCH_LIST_ROWS_LARGE).
#
#   bench/run.sh
#
# Environment: BENCH_LIST_ROWS (default 1000000), BENCH_LIST_ROWS_LARGE (e.g. 10000000 to add the 10M-row list figures;
# seeding takes a while), BENCH_OUTPUT (default docs/benchmarks.md), ATTACHMENTS_FIXTURES (default ../shared/fixtures/images).
# Needs root or sudo for apt-get when ImageMagick, libvips-tools or Node.js are missing.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
log() { printf 'bench: %s\n' "$*" >&2; }

install_debian() {
    local missing=()
    [[ -x /usr/bin/convert ]] || missing+=(imagemagick)
    command -v vipsthumbnail >/dev/null || missing+=(libvips-tools)
    command -v jpegtran >/dev/null || missing+=(libjpeg-turbo-progs)
    ldconfig -p | grep -q 'libturbojpeg\.so\.0' || missing+=(libturbojpeg0)
    command -v node >/dev/null || missing+=(nodejs npm)
    if ((${#missing[@]})); then
        log "installing ${missing[*]} from Debian"
        local sudo=; [[ $(id -u) -eq 0 ]] || sudo=sudo
        $sudo apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    fi
}

install_debian
log "installing sharp from npm (bench/sharp)"
(cd "$repo_root/bench/sharp" && npm ci --no-audit --no-fund --loglevel=error)
log "building the service and the benchmark (Release)"
dotnet build "$repo_root/src/Api/Api.csproj" -c Release -nologo -v quiet -clp:NoSummary
dotnet build "$repo_root/bench/Http/Bench.Http.csproj" -c Release -nologo -v quiet -clp:NoSummary
exec dotnet "$repo_root/bench/Http/bin/Release/net10.0/Attachments.Bench.Http.dll" "$repo_root"
