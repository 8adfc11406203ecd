#!/usr/bin/env bash
# Runs every test: unit tests and integration tests against a real PostgreSQL.
#
#   ./scripts/test.sh [extra dotnet test arguments]
#
# PostgreSQL comes from, in order: ATTACHMENTS_TEST_CONNECTION (a connection string for a user that may
# CREATE DATABASE), Testcontainers when a Docker engine answers, or a throwaway cluster made with the
# machine's PostgreSQL server binaries (initdb/pg_ctl). Prints a closing line "N passed, N failed".
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

results="$repo_root/TestResults"
rm -rf "$results"

# Test folders with a package.json (generated-client and browser tests) get their npm packages first;
# the C# tests that drive them fail with a clear message when these are missing.
for manifest in tests/*/package.json; do
    [[ -e $manifest ]] || continue
    echo "test.sh: npm ci in $(dirname "$manifest")"
    npm ci --prefix "$(dirname "$manifest")" --no-audit --no-fund --loglevel=error
done

status=0
dotnet test Attachments.sln -c Release --logger "trx" --results-directory "$results" "$@" || status=$?

summary=$(python3 - "$results" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
passed = failed = skipped = 0
for path in glob.glob(sys.argv[1] + "/*.trx"):
    counters = ET.parse(path).getroot().find(".//{*}Counters")
    if counters is None:
        continue
    passed += int(counters.get("passed", 0))
    failed += int(counters.get("failed", 0)) + int(counters.get("error", 0)) + int(counters.get("timeout", 0))
    skipped += int(counters.get("notExecuted", 0))
print(f"{passed} passed, {failed} failed" + (f", {skipped} skipped" if skipped else ""))
PY
)
echo
echo "$summary"
exit "$status"
