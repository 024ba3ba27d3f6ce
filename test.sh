#!/usr/bin/env bash
# The whole test suite: unit and HTTP integration tests on SQLite and PostgreSQL, then the browser tests in
# Chromium with axe. Installs missing prerequisites first. Ends with one line: "N passed, N failed[, N skipped]".
set -uo pipefail
cd "$(dirname "$0")"

bash scripts/prerequisites.sh || exit 1

results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT

dotnet build Madoguchi.slnx -c Release --nologo -v quiet -warnaserror || { echo "0 passed, 1 failed"; exit 1; }

status=0
for project in tests/Madoguchi.Tests tests/Madoguchi.BrowserTests; do
  name=$(basename "$project")
  dotnet test "$project" -c Release --no-build --nologo \
    --logger "trx;LogFileName=$results/$name.trx" --logger "console;verbosity=normal" || status=1
done

# Sum the counters of every TRX file (one per test project).
python3 - "$results" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
passed = failed = skipped = 0
for path in glob.glob(sys.argv[1] + "/*.trx"):
    counters = ET.parse(path).getroot().find("t:ResultSummary/t:Counters", ns)
    passed += int(counters.get("passed", 0))
    failed += int(counters.get("failed", 0)) + int(counters.get("error", 0)) + int(counters.get("timeout", 0)) + int(counters.get("aborted", 0))
    skipped += int(counters.get("notExecuted", 0))
line = f"{passed} passed, {failed} failed"
if skipped:
    line += f", {skipped} skipped"
print(line)
PY
if ! ls "$results"/*.trx >/dev/null 2>&1; then
  echo "0 passed, 1 failed"
  exit 1
fi
exit $status
