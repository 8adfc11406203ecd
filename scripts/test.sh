#!/usr/bin/env bash
# Runs every test: unit tests and integration tests against a real PostgreSQL, then the integration tests again
# with the API storing its files in a real S3 server.
#
#   ./scripts/test.sh [extra dotnet test arguments]
#
# PostgreSQL comes from, in order: ATTACHMENTS_TEST_CONNECTION (a connection string for a user that may
# CREATE DATABASE), Testcontainers when a Docker engine answers, or a throwaway cluster made with the
# machine's PostgreSQL server binaries (initdb/pg_ctl).
#
# Two runs, each with ATTACHMENTS_TEST_STORAGE set for the tests:
#   Disk  the whole solution, the API on a local storage folder (the S3Infra self-tests left out);
#   S3    tests/IntegrationTests again with Storage:Provider=S3, DiskOnly tests left out. The S3 server is
#         ATTACHMENTS_TEST_S3 (http://ACCESS_KEY:SECRET_KEY@host:port[/bucket]) or, when that is unset, a
#         single-node Ceph gateway that the tests start with scripts/ceph-rgw.sh (Debian: radosgw ceph-mon
#         ceph-osd, which .ci/run installs). Without either it is skipped with a warning, and fails under CI.
# ATTACHMENTS_TEST_MODES picks the runs (default "Disk S3"; e.g. ATTACHMENTS_TEST_MODES=S3).
# Results go to TestResults/disk and TestResults/s3; the closing line "N passed, N failed" counts both runs.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

results="$repo_root/TestResults"
rm -rf "$results"
modes="${ATTACHMENTS_TEST_MODES:-Disk S3}"

# Test folders with a package.json (generated-client and browser tests) get their npm packages first;
# the C# tests that drive them fail with a clear message when these are missing.
for manifest in tests/*/package.json; do
    [[ -e $manifest ]] || continue
    echo "test.sh: npm ci in $(dirname "$manifest")"
    npm ci --prefix "$(dirname "$manifest")" --no-audit --no-fund --loglevel=error
done

# The media library, so that the API under test serves /admin/ as it would in production.
echo "test.sh: building the media library in admin/"
npm ci --prefix admin --no-audit --no-fund --loglevel=error
npm run build --prefix admin

# The caller's arguments with "$1" (a test filter) added to any --filter among them, or as a --filter of its own.
with_filter() {
    local extra=$1 found=0 args=()
    shift
    while [[ $# -gt 0 ]]; do
        case $1 in
            --filter) args+=("--filter" "($2)&$extra"); found=1; shift 2 ;;
            --filter=*) args+=("--filter=(${1#--filter=})&$extra"); found=1; shift ;;
            *) args+=("$1"); shift ;;
        esac
    done
    [[ $found -eq 1 ]] || args+=("--filter" "$extra")
    printf '%s\0' "${args[@]}"
}

summarise() {
    python3 - "$@" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
passed = failed = skipped = 0
for folder in sys.argv[1:]:
    for path in glob.glob(folder + "/**/*.trx", recursive=True):
        counters = ET.parse(path).getroot().find(".//{*}Counters")
        if counters is None:
            continue
        passed += int(counters.get("passed", 0))
        failed += int(counters.get("failed", 0)) + int(counters.get("error", 0)) + int(counters.get("timeout", 0))
        skipped += int(counters.get("notExecuted", 0))
print(f"{passed} passed, {failed} failed" + (f", {skipped} skipped" if skipped else ""))
PY
}

status=0
ran=()
notes=()

if [[ " $modes " == *" Disk "* ]]; then
    mapfile -d '' disk_args < <(with_filter "TestCategory!=S3Infra&TestCategory!=S3Only" "$@")
    ATTACHMENTS_TEST_STORAGE=Disk dotnet test Attachments.sln -c Release \
        --logger trx --results-directory "$results/disk" "${disk_args[@]}" || status=$?
    ran+=("$results/disk")
    notes+=("Disk: $(summarise "$results/disk")")
fi

if [[ " $modes " == *" S3 "* ]]; then
    if [[ -n ${ATTACHMENTS_TEST_S3:-} ]] || { command -v radosgw && command -v ceph-mon && command -v ceph-osd; } >/dev/null; then
        mapfile -d '' s3_args < <(with_filter "TestCategory!=DiskOnly&TestCategory!=Scale" "$@")
        # The solution run above built everything; a run of S3 alone builds the project itself.
        build_flag=()
        [[ " $modes " == *" Disk "* ]] && build_flag=(--no-build)
        ATTACHMENTS_TEST_STORAGE=S3 dotnet test tests/IntegrationTests -c Release "${build_flag[@]}" \
            --logger trx --results-directory "$results/s3" "${s3_args[@]}" || status=$?
        ran+=("$results/s3")
        notes+=("S3: $(summarise "$results/s3")")
    else
        message="the S3 run needs radosgw, ceph-mon and ceph-osd (apt-get install -y --no-install-recommends radosgw ceph-mon ceph-osd; .ci/run installs them) or ATTACHMENTS_TEST_S3 naming an S3 server"
        if [[ ${CI:-} == true ]]; then
            echo "test.sh: FAILED: $message" >&2
            notes+=("S3: not run, $message")
            status=1
        else
            echo "test.sh: WARNING: S3 run skipped: $message" >&2
            notes+=("S3: skipped, $message")
        fi
    fi
fi

echo
printf '%s\n' "${notes[@]}"
if [[ ${#ran[@]} -gt 0 ]]; then
    summarise "${ran[@]}"
else
    echo "0 passed, 0 failed"
fi
exit "$status"
