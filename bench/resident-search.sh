#!/usr/bin/env bash
# Resident import and search over the synthetic city (issue 17), on SQLite and on PostgreSQL. Not part of the test
# run. Prints Markdown for docs/benchmarks.md.
#   bash bench/resident-search.sh [households] [searches per kind]     (default: 22,000 households, 300 searches)
# Each engine gets an empty database migrated by the platform; the bench imports the city through the one import
# operation, then times the counter's searches (bench/ResidentBench/Program.cs) against a 宛名番号 lookup through the
# same operation in the same run.
set -euo pipefail
cd "$(dirname "$0")/.."
households=${1:-22000}
searches=${2:-300}
port=${BENCH_PG_PORT:-55446}
dotnet build bench/ResidentBench -c Release --nologo -v quiet
bench=bench/ResidentBench/bin/Release/net10.0/ResidentBench.dll
source bench/lib/postgres.sh
start_cluster
psql_ -c "CREATE DATABASE madoguchi"
export Demo__Enabled=false Logging__LogLevel__Default=Warning Intake__WorkerEnabled=false

mkdir -p "$work/sqlite"
MADOGUCHI_DATA_DIR=$work/sqlite dotnet "$bench" "$households" "$searches"
echo
mkdir -p "$work/postgres"
MADOGUCHI_DATA_DIR=$work/postgres Database__Provider=PostgreSql \
  ConnectionStrings__Madoguchi="Host=127.0.0.1;Port=$port;Username=postgres;Database=madoguchi" \
  dotnet "$bench" "$households" "$searches"
