#!/usr/bin/env bash
# Streamed validation of a large standard-dataset CSV (issue 6). Not part of the test run.
#   bash bench/opendata.sh [rows]      (default: 1,000,000 rows)
#   bash bench/opendata.sh hostile     (the security review's hostile files against an ordinary one, issue 13)
# Prints a Markdown table for docs/benchmarks.md: rows/s of the full validation against parsing the same file with the
# same CSV reader alone, in the same process, and the managed heap before and at its peak during validation.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build bench/OpenDataBench -c Release --nologo -v quiet
dotnet bench/OpenDataBench/bin/Release/net10.0/OpenDataBench.dll "${1:-1000000}"
