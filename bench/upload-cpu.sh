#!/usr/bin/env bash
# Server CPU per upload, read from /proc/<pid>/stat of the real service over HTTP, against the CPU of MD5 over
# the same bytes in-process (issue 12: plain uploads at disk speed; per-request overhead of a small image).
#
#   bench/upload-cpu.sh
#
# Prints, last, machine-readable lines:
#   plain_upload_cpu_s=… md5_cpu_s=… plain_vs_md5=…          (a 20 MB PDF; target plain_vs_md5 <= 2)
#   png_upload_cpu_s=… small_pdf_upload_cpu_s=… image_step_cpu_s=… overhead_vs_image_pct=…   (100 KB PNG; target <= 30)
#   gib_upload_rss_delta_mib=… gib_upload_wall_s=…           (only with GIB=1)
# The image step's own CPU is the PNG upload's less that of a PDF of the same size, which takes the same path
# (HTTP, multipart, staging, hashing, detection, rows, fsyncs, renames) without the image work.
#
# Environment: N (20 MB uploads, default 20), SMALL (100 KB PNG and PDF uploads each, default 60), GIB=1 (one 1 GiB
# upload as well), PERF=1 (perf profile of the 20 MB uploads, to PERF_OUT), SYSCALLS=1 (strace -c of them, to WORK_DIR/syscalls.txt; it slows them), NO_BUILD=1 (use the existing Release build), WORK_DIR (default <repo>/.data/bench-upload-cpu;
# must be on a real disk: the service fsyncs there).
# Needs: the .NET SDK, curl, PostgreSQL server binaries (scripts/postgres.sh finds them).
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
api_dir="$repo_root/src/Api/bin/Release/net10.0"
tool="$repo_root/bench/upload-cpu/cpu-tool.cs"
large=${N:-20}
small=${SMALL:-60}
work="${WORK_DIR:-$repo_root/.data/bench-upload-cpu}"
admin_password="bench-upload-cpu-admin"
ticks_per_second="$(getconf CLK_TCK)"
api_pid=""
pg_port=""

log() { printf 'upload-cpu: %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }

for command in dotnet curl awk; do
    command -v "$command" >/dev/null || die "$command is needed."
done

free_port() {
    local port
    while true; do
        port=$(( 20000 + RANDOM % 40000 ))
        (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { printf '%s\n' "$port"; return; }
    done
}

postgres() { ATTACHMENTS_PGDATA="$work/postgres" ATTACHMENTS_PGPORT="$pg_port" "$repo_root/scripts/postgres.sh" "$@"; }

cleanup() {
    if [[ -n $api_pid ]]; then
        kill -TERM "$api_pid" 2>/dev/null || true
        wait "$api_pid" 2>/dev/null || true
    fi
    [[ -n $pg_port ]] && postgres stop 2>/dev/null || true
    rm -rf "$work/postgres" "$work/postgres-socket" "$work/storage" "$work/files"
}
trap cleanup EXIT

# utime + stime of the service, in clock ticks.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$api_pid/stat"; }

rss_kib() { awk '/^VmRSS:/ { print $2 }' "/proc/$api_pid/status"; }

start_api() {
    local log_file="$work/api.log"
    mkdir -p "$work/storage"
    (
        cd "$api_dir"
        export ConnectionStrings__Attachments="$pg_connection"
        export Storage__Root="$work/storage" ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS="http://127.0.0.1:0"
        export Auth__SigningKey="bench-upload-cpu-signing-key-0123456789abcdef0123"
        export Auth__BootstrapAdmin__UserName=admin Auth__BootstrapAdmin__Password="$admin_password"
        export Upload__MaxFileSizeBytes=$(( 2 * 1024 * 1024 * 1024 ))
        export RateLimits__Login__PermitLimit=100000 RateLimits__LoginPerUserName__PermitLimit=100000
        export RateLimits__Upload__PermitLimit=100000 RateLimits__UploadPerAddress__PermitLimit=100000
        [[ -z ${PERF:-} ]] || export DOTNET_PerfMapEnabled=1
        exec dotnet Attachments.Api.dll
    ) >"$log_file" 2>&1 &
    api_pid=$!
    local deadline=$(( SECONDS + 120 ))
    url=""
    while [[ -z $url ]]; do
        (( SECONDS < deadline )) && kill -0 "$api_pid" 2>/dev/null || { cat "$log_file" >&2; die "the API did not start"; }
        url="$(grep -o 'Now listening on: http://[0-9.:]*' "$log_file" | head -1 | sed 's/Now listening on: //' || true)"
        sleep 0.2
    done
    token="$(curl -fsS -X POST "$url/api/login" -H 'Content-Type: application/json' \
        -d "{\"user_name\":\"admin\",\"password\":\"$admin_password\"}" | sed -n 's/.*"token":"\([^"]*\)".*/\1/p')"
    [[ -n $token ]] || die "could not log in"
}

# A PDF of $1 bytes of random content: each one different, so no upload is answered by deduplication.
make_pdf() {
    local bytes=$1 file=$2
    { printf '%%PDF-1.4\n'; head -c $(( bytes - 16 )) /dev/urandom; printf '\n%%%%EOF\n'; } >"$file"
}

upload() {
    local file=$1 status
    status="$(curl -sS -o "$work/last-response.json" -w '%{http_code}' -H "Authorization: Bearer $token" \
        -F "file=@$file" "$url/api/attachment/upload")"
    [[ $status == 200 ]] || { cat "$work/last-response.json" >&2; die "the upload of $file answered $status"; }
}

# Uploads each file named on stdin, summing the service's CPU over the uploads only; prints CPU seconds per upload.
measured_uploads() {
    local file before total=0 count=0
    while IFS= read -r file; do
        before="$(cpu_ticks)"
        upload "$file"
        total=$(( total + $(cpu_ticks) - before ))
        count=$(( count + 1 ))
        rm -f "$file"
    done
    awk -v t="$total" -v n="$count" -v hz="$ticks_per_second" 'BEGIN { printf "%.4f\n", t / hz / n }'
}

# Files are made before the measured uploads, so their making never overlaps one.
pdfs() {
    local bytes=$1 count=$2 prefix=$3 i
    for i in $(seq 1 "$count"); do
        make_pdf "$bytes" "$work/files/$prefix-$i.pdf"
        printf '%s\n' "$work/files/$prefix-$i.pdf"
    done
}

pngs() {
    local count=$1 seed=$2
    dotnet run "$tool" -c Release -- png "$work/files/png-$seed" "$count" "$seed" >&2
    find "$work/files/png-$seed" -name '*.png' | sort
}

main() {
    rm -rf "$work"; mkdir -p "$work"
    mkdir -p "$work/files"
    if [[ -z ${NO_BUILD:-} ]]; then
        log "building the API (Release)"
        dotnet build "$repo_root/src/Api/Api.csproj" -c Release -nologo -v quiet -clp:NoSummary >&2 || die "the build failed"
    fi
    [[ -f $api_dir/Attachments.Api.dll ]] || die "no built API in $api_dir"
    log "building the CPU tool"
    dotnet build "$tool" -c Release -nologo -v quiet -clp:NoSummary >&2 || die "the CPU tool did not build"

    pg_port="$(free_port)"
    pg_connection="$(postgres start)"
    start_api
    log "service pid $api_pid at $url"

    local twenty=$(( 20 * 1024 * 1024 )) hundred=$(( 100 * 1024 ))
    # Warm-up until the JIT has tiered up what an upload runs (tens of thousands of methods; hundreds of requests on
    # two cores), so that background compilation is not counted as the uploads' CPU. Also the pool and the day's folders.
    log "warming up"
    local round
    for round in 1 2 3; do
        pdfs "$twenty" 3 "warm-$round" | measured_uploads >/dev/null
        pdfs "$hundred" 60 "warm-small-$round" | measured_uploads >/dev/null
        pngs 60 "1$round" | measured_uploads >/dev/null
    done

    log "$large uploads of 20 MB"
    local plain small_pdf png md5
    mapfile -t files < <(pdfs "$twenty" "$large" large)
    local perf_pid=""
    if [[ -n ${PERF:-} ]]; then
        perf record -F 999 -g -p "$api_pid" -o "$work/perf.data" 2>"$work/perf.log" &
        perf_pid=$!
        sleep 1
    elif [[ -n ${SYSCALLS:-} ]]; then
        strace -c -f -p "$api_pid" -o "$work/syscalls.txt" 2>/dev/null &
        perf_pid=$!
        sleep 1
    fi
    plain="$(printf '%s\n' "${files[@]}" | measured_uploads)"
    if [[ -n $perf_pid && -n ${SYSCALLS:-} ]]; then
        kill -INT "$perf_pid"; wait "$perf_pid" || true
        log "system calls during the 20 MB uploads: $work/syscalls.txt"
    elif [[ -n $perf_pid ]]; then
        kill -INT "$perf_pid"; wait "$perf_pid" || true
        perf report -i "$work/perf.data" --no-children -g none --sort dso,sym --percent-limit 0.4 --stdio 2>/dev/null \
            | grep -v '^$' | grep -v '^#' | grep '%' | head -60 >"${PERF_OUT:-$repo_root/.data/upload-cpu-perf.txt}" || true
        log "profile of the 20 MB uploads: ${PERF_OUT:-$repo_root/.data/upload-cpu-perf.txt}"
    fi
    log "$small uploads of 100 KB PDFs and of 100 KB PNGs"
    mapfile -t files < <(pdfs "$hundred" "$small" small)
    small_pdf="$(printf '%s\n' "${files[@]}" | measured_uploads)"
    mapfile -t files < <(pngs "$small" 2)
    png="$(printf '%s\n' "${files[@]}" | measured_uploads)"

    md5="$(dotnet run "$tool" -c Release -- md5 "$twenty" 20)"

    local gib_line=""
    if [[ -n ${GIB:-} ]]; then
        log "one upload of 1 GiB"
        make_pdf $(( 1024 * 1024 * 1024 )) "$work/files/gib.pdf"
        local rss_before peak=0 start wall rss
        rss_before="$(rss_kib)"
        start=$(date +%s.%N)
        upload "$work/files/gib.pdf" &
        local curl_pid=$!
        while kill -0 "$curl_pid" 2>/dev/null; do
            rss="$(rss_kib)"; (( rss > peak )) && peak=$rss
            sleep 0.2
        done
        wait "$curl_pid"
        wall="$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.2f", e - s }')"
        rm -f "$work/files/gib.pdf"
        gib_line="$(awk -v b="$rss_before" -v p="$peak" -v w="$wall" 'BEGIN { printf "gib_upload_rss_delta_mib=%.1f gib_upload_wall_s=%s", (p - b) / 1024, w }')"
    fi

    awk -v plain="$plain" -v md5="$md5" 'BEGIN { printf "plain_upload_cpu_s=%s md5_cpu_s=%s plain_vs_md5=%.2f\n", plain, md5, plain / md5 }'
    awk -v png="$png" -v pdf="$small_pdf" 'BEGIN {
        step = png - pdf
        printf "png_upload_cpu_s=%s small_pdf_upload_cpu_s=%s image_step_cpu_s=%.4f overhead_vs_image_pct=%.0f\n", png, pdf, step, (step > 0 ? pdf / step * 100 : 0) }'
    [[ -z $gib_line ]] || printf '%s\n' "$gib_line"
}

main "$@"
