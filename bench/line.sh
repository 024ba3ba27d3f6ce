#!/usr/bin/env bash
# LINE segment campaigns and the webhook (issue 19). Not part of the test run. Prints Markdown for docs/benchmarks.md.
#   bash bench/line.sh [segment]     (segment: friends in the campaign's segment, 100,000)
# On SQLite and on PostgreSQL (bench/LineBench/Program.cs), the platform on Kestrel with its local LINE server:
# 1. a segment resolved and queued (asked for, counted, fixed in chunks of 500 with their retry keys) against reading
#    the same ids in the same run; 2. the campaign sent through the outbox over HTTP with LINE's limits on, against
#    LINE's limit; 3. signed webhook calls a second against GET /healthz in the same run.
set -euo pipefail
cd "$(dirname "$0")/.."
segment=${1:-100000}
port=${BENCH_PG_PORT:-55449}
dotnet build bench/LineBench -c Release --nologo -v quiet
bench=bench/LineBench/bin/Release/net10.0/LineBench.dll
source bench/lib/postgres.sh
start_cluster
psql_ -c "CREATE DATABASE line"
echo "| Engine | Measurement | Madoguchi | Baseline (same run) | Ratio |"
echo "|---|---|---|---|---|"
export Demo__Enabled=false Logging__LogLevel__Default=Warning Intake__WorkerEnabled=false Payments__ReconcilerEnabled=false
mkdir -p "$work/sqlite" "$work/postgres"
MADOGUCHI_DATA_DIR=$work/sqlite dotnet "$bench" "$segment" 5193
MADOGUCHI_DATA_DIR=$work/postgres Database__Provider=PostgreSql \
  ConnectionStrings__Madoguchi="Host=127.0.0.1;Port=$port;Username=postgres;Database=line;Maximum Pool Size=100" dotnet "$bench" "$segment" 5194
