#!/usr/bin/env bash
# What fsync costs an upload: uploads to the real built service, plain and under strace, with the storage root
# on a disk and on tmpfs. See README.md next to this script.
#
#   bench/upload-durability/run.sh
#
# Environment: SMALL (uploads of a 10 KB PDF per run, default 40), LARGE (of a 5 MB PDF, default 20), DISK_DIR (work
# folder on the disk, default <repo>/.data/bench-upload-durability), TMPFS_DIR (default /dev/shm/attachments-bench-<pid>),
# FIXTURES (the images fixtures folder, found as the tests find it). Each run also uploads the camera JPEGs once.
# Needs: a built API (dotnet build src/Api/Api.csproj -c Release), curl, strace, awk, and PostgreSQL server binaries.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
api_dir="$repo_root/src/Api/bin/Release/net10.0"
small=${SMALL:-40}
large=${LARGE:-20}
disk_dir="${DISK_DIR:-$repo_root/.data/bench-upload-durability}"
tmpfs_dir="${TMPFS_DIR:-/dev/shm/attachments-bench-$$}"
results="$disk_dir/results"
admin_password="bench-upload-durability-admin"
api_pid=""

log() { printf 'bench: %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }

for tool in dotnet curl strace awk; do
    command -v "$tool" >/dev/null || die "$tool is needed (strace: apt-get install strace)."
done
[[ -f $api_dir/Attachments.Api.dll ]] || die "no built API in $api_dir: run 'dotnet build src/Api/Api.csproj -c Release' first."

fixtures="${FIXTURES:-}"
if [[ -z $fixtures ]]; then
    for candidate in "$repo_root/../shared/fixtures/images" "$repo_root/shared/fixtures/images" "${ATTACHMENTS_FIXTURES:-/nonexistent}/images" "${ATTACHMENTS_FIXTURES:-/nonexistent}"; do
        if [[ -d $candidate/camera ]]; then fixtures=$candidate; break; fi
    done
fi
[[ -d ${fixtures:-/nonexistent}/camera ]] || die "the image fixtures (…/shared/fixtures/images/camera) were not found; set FIXTURES."
mapfile -t jpegs < <(find "$fixtures/camera" -maxdepth 1 -name '*.jpg' | sort)

stop_api() {
    [[ -n $api_pid ]] || return 0
    # strace ends its tracee abruptly on SIGTERM, so a traced API gets the signal itself.
    local target=$api_pid child
    child="$(cat "/proc/$api_pid/task/$api_pid/children" 2>/dev/null || true)"
    [[ -n ${child// /} ]] && target=${child%% *}
    kill -TERM "$target" 2>/dev/null || true
    wait "$api_pid" 2>/dev/null || true
    api_pid=""
}

cleanup() {
    stop_api
    ATTACHMENTS_PGDATA="$disk_dir/postgres" ATTACHMENTS_PGPORT="$pg_port" "$repo_root/scripts/postgres.sh" stop 2>/dev/null || true
    rm -rf "$tmpfs_dir" "$disk_dir/postgres" "$disk_dir/postgres-socket" "$disk_dir"/storage-* "$disk_dir/files"
}

free_port() {
    local port
    while true; do
        port=$(( 20000 + RANDOM % 40000 ))
        (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { printf '%s\n' "$port"; return; }
    done
}

# A PDF of about $1 bytes whose content is unique, so no upload is answered by deduplication.
make_pdf() {
    local bytes=$1 file=$2
    {
        printf '%%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n'
        head -c $(( bytes * 3 / 4 )) /dev/urandom | base64 -w 76 | sed 's/^/% /'
        printf 'trailer << /Root 1 0 R >>\n%%%%EOF\n'
    } >"$file"
}

# Starts the API on storage root $1 and database $2, under strace writing to $3 when given; sets url.
start_api() {
    local root=$1 database=$2 trace=${3:-} log_file="$results/$2.log"
    mkdir -p "$root"
    local command=(dotnet "$api_dir/Attachments.Api.dll")
    if [[ -n $trace ]]; then
        # Only the traced calls stop the process (seccomp); -T gives each one's duration, -ttt its start.
        command=(strace -f -qq -y -ttt -T --seccomp-bpf -e trace=fsync,fdatasync,rename,renameat,renameat2 -o "$trace" -- "${command[@]}")
    fi
    (
        cd "$api_dir"
        export ConnectionStrings__Attachments="${pg_connection/Database=attachments/Database=$database}"
        export Storage__Root="$root" ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS="http://127.0.0.1:0"
        export Auth__SigningKey="bench-upload-durability-signing-key-0123456789abcdef"
        export Auth__BootstrapAdmin__UserName=admin Auth__BootstrapAdmin__Password="$admin_password"
        export RateLimits__Login__PermitLimit=100000 RateLimits__LoginPerUserName__PermitLimit=100000
        export RateLimits__Upload__PermitLimit=100000 RateLimits__UploadPerAddress__PermitLimit=100000
        exec "${command[@]}"
    ) >"$log_file" 2>&1 &
    api_pid=$!
    local deadline=$(( SECONDS + 90 ))
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

# Uploads $2 as $3; appends "run kind start end wall_seconds" to the windows file. Kind "warmup" is not counted.
upload() {
    local kind=$1 file=$2 name=$3 start end status
    start=$(date +%s.%N)
    status="$(curl -sS -o "$results/last-response.json" -w '%{http_code} %{time_total}' \
        -H "Authorization: Bearer $token" -F "file=@$file;filename=$name" "$url/api/attachment/upload")"
    end=$(date +%s.%N)
    [[ ${status%% *} == 200 ]] || { cat "$results/last-response.json" >&2; die "upload of $name answered ${status%% *}"; }
    printf '%s %s %s %s %s\n' "$run" "$kind" "$start" "$end" "${status#* }" >>"$results/windows.txt"
}

# One run: warm-up (which also creates the day's directories), then the measured uploads, one at a time.
run_uploads() {
    local files="$disk_dir/files" i
    mkdir -p "$files"
    for i in 1 2 3; do
        make_pdf 10240 "$files/w.pdf"; upload warmup "$files/w.pdf" "warmup-$i.pdf"
        make_pdf $(( 5 * 1024 * 1024 )) "$files/w.pdf"; upload warmup "$files/w.pdf" "warmup-large-$i.pdf"
    done
    for i in $(seq 1 "$small"); do
        make_pdf 10240 "$files/s.pdf"; upload pdf-10KB "$files/s.pdf" "small-$i.pdf"
    done
    for i in $(seq 1 "$large"); do
        make_pdf $(( 5 * 1024 * 1024 )) "$files/l.pdf"; upload pdf-5MB "$files/l.pdf" "large-$i.pdf"
    done
    # The first JPEG warms the image pipeline up. Each fixture once only: the same bytes again would be answered by
    # deduplication, with nothing written; each run has its own database.
    upload warmup "${jpegs[0]}" warmup.jpg
    for i in "${jpegs[@]:1}"; do
        upload jpeg "$i" "$(basename "$i")"
    done
    rm -rf "$files"
}

measure() {
    local device=$1 root=$2
    run="$device-plain"; start_api "$root/storage-plain" "bench_${device}_plain"; run_uploads; stop_api
    run="$device-traced"; start_api "$root/storage-traced" "bench_${device}_traced" "$results/$run.strace"; run_uploads; stop_api
}

# Per upload: wall time and, from the traces, the time in fsync of staged files and of directories, and in rename.
report() {
    awk -v OFS='\t' '
        FNR == 1 { file++ }
        file == 1 {
            if ($2 != "warmup") { n++; run[n] = $1; kind[n] = $2; start[n] = $3; finish[n] = $4; wall[n] = $5 }
            next
        }
        {
            # "pid start call(args) = result <duration>", or the halves of an interrupted call.
            pid = $1; t = $2; line = $0
            if (line ~ /<unfinished \.\.\.>$/) { began[pid] = t; what[pid] = line; next }
            if (line ~ /<\.\.\. [a-z0-9]+ resumed>/) { t = began[pid]; line = what[pid] " " line }
            if (!match(line, /<[0-9.]+>$/)) next
            duration = substr(line, RSTART + 1, RLENGTH - 2) * 1000
            name = line; sub(/^[0-9]+ +[0-9.]+ +/, "", name); sub(/\(.*/, "", name)
            traced = FILENAME; sub(/.*\//, "", traced); sub(/\.strace$/, "", traced)
            for (i = 1; i <= n; i++) {
                if (run[i] != traced || t < start[i] || t > finish[i]) continue
                if (name ~ /^f(data)?sync$/) {
                    if (line ~ /\/\.tmp\//) { filesync[i] += duration; files[i]++ } else { dirsync[i] += duration; dirs[i]++ }
                } else if (name ~ /^rename/) { renames[i] += duration }
                break
            }
        }
        END {
            for (i = 1; i <= n; i++)
                print run[i], kind[i], wall[i] * 1000, filesync[i] + 0, dirsync[i] + 0, renames[i] + 0, files[i] + 0, dirs[i] + 0
        }' "$results/windows.txt" "$results"/*.strace >"$results/uploads.tsv"

    # Nearest-rank percentiles per run and kind.
    {
        printf '| Storage | Kind | Uploads plain + traced | Plain wall p50 / p95 (ms) | Traced wall p50 / p95 (ms) | fsync per upload p50 / p95 (ms) | of it staged files / directories, p50 (ms) | fsyncs per upload: files + dirs | fsync share of traced wall, p50 | rename per upload, p50 (ms) |\n'
        printf '|---|---|---|---|---|---|---|---|---|---|\n'
        for device in disk tmpfs; do
            for kind in pdf-10KB pdf-5MB jpeg; do
                awk -v device="$device" -v kind="$kind" -F'\t' '
                    function pct(a, count, p,   r) { r = int(count * p + 0.9999); if (r < 1) r = 1; return a[r] }
                    function sorted(a, count,   i, j, v) { for (i = 2; i <= count; i++) { v = a[i]; for (j = i - 1; j >= 1 && a[j] > v; j--) a[j + 1] = a[j]; a[j + 1] = v } }
                    $2 == kind && $1 == device "-plain" { p[++np] = $3 }
                    $2 == kind && $1 == device "-traced" {
                        t[++nt] = $3; f[nt] = $4; d[nt] = $5; s[nt] = $4 + $5; share[nt] = ($4 + $5) / $3; r[nt] = $6; calls = $7 "+" $8
                    }
                    END {
                        if (np == 0 || nt == 0) exit
                        sorted(p, np); sorted(t, nt); sorted(f, nt); sorted(d, nt); sorted(s, nt); sorted(share, nt); sorted(r, nt)
                        printf "| %s | %s | %d + %d | %.1f / %.1f | %.1f / %.1f | %.2f / %.2f | %.2f / %.2f | %s | %.1f %% | %.3f |\n",
                            device, kind, np, nt, pct(p, np, 0.5), pct(p, np, 0.95), pct(t, nt, 0.5), pct(t, nt, 0.95),
                            pct(s, nt, 0.5), pct(s, nt, 0.95), pct(f, nt, 0.5), pct(d, nt, 0.5), calls, pct(share, nt, 0.5) * 100, pct(r, nt, 0.5)
                    }' "$results/uploads.tsv"
            done
        done
    } | tee "$results/summary.md"
}

mkdir -p "$disk_dir" "$tmpfs_dir"
chmod o+x "$disk_dir"
[[ $(stat -f -c %T "$tmpfs_dir") == tmpfs ]] || die "$tmpfs_dir is not on tmpfs."
[[ $(stat -f -c %T "$disk_dir") != tmpfs ]] || die "$disk_dir is on tmpfs; set DISK_DIR to a folder on a disk."
rm -rf "$results"; mkdir -p "$results"
pg_port=$(free_port)
trap cleanup EXIT
pg_connection="$(ATTACHMENTS_PGDATA="$disk_dir/postgres" ATTACHMENTS_PGPORT="$pg_port" "$repo_root/scripts/postgres.sh" start)"

log "disk: $disk_dir ($(stat -f -c %T "$disk_dir") on $(df --output=source "$disk_dir" | tail -1)); tmpfs: $tmpfs_dir; PostgreSQL (on the disk in both) port $pg_port"
log "uploads per run: $small × 10 KB PDF, $large × 5 MB PDF, $(( ${#jpegs[@]} - 1 )) JPEGs, after 7 warm-up uploads"
if command -v pg_test_fsync >/dev/null || compgen -G '/usr/lib/postgresql/*/bin/pg_test_fsync' >/dev/null; then
    pg_test_fsync="$(command -v pg_test_fsync || compgen -G '/usr/lib/postgresql/*/bin/pg_test_fsync' | sort -V | tail -1)"
    for dir in "$disk_dir" "$tmpfs_dir"; do
        printf '%s: ' "$dir"
        "$pg_test_fsync" -s 2 -f "$dir/pg_test_fsync.out" 2>/dev/null | awk '/^ +fsync +[0-9]/ { print "pg_test_fsync: " $2 " fsync/s of one 8 kB write, " $4 " µs each"; exit }'
        rm -f "$dir/pg_test_fsync.out"
    done | tee "$results/device.txt"
fi

measure disk "$disk_dir"
measure tmpfs "$tmpfs_dir"
report
log "raw figures: $results (uploads.tsv, windows.txt, *.strace)"
