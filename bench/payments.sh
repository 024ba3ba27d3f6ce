#!/usr/bin/env bash
# Cashless public money (issue 18). Not part of the test run. Prints Markdown for docs/benchmarks.md.
#   bash bench/payments.sh [rows]     (BENCH_DURATION s per measurement, 20; BENCH_CLIENTS connections, 8; rows 100,000)
# 1. Payment creations per second on PostgreSQL through POST /api/v1/payments (an order and its payment, each request
#    with its own Idempotency-Key, the remembered answer committed with them), and the same call repeated with one key
#    (answered from the remembered response), against GET /healthz (a request that reads the database) with the same
#    connections and token, in the same run.
# 2. Reconciling a convenience-store 速報 file of [rows] rows through the one import operation, on SQLite and on
#    PostgreSQL (bench/PaymentsBench/Program.cs): time, rows per second, memory, against reading and checking the same
#    file in the same run.
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${BENCH_DURATION:-20}
clients=${BENCH_CLIENTS:-8}
rows=${1:-100000}
port=${BENCH_PG_PORT:-55448}
app_port=5192
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
dotnet build src/Madoguchi -c Release --nologo -v quiet
dotnet build bench/PaymentsBench -c Release --nologo -v quiet
app=src/Madoguchi/bin/Release/net10.0/Madoguchi.dll
bench=bench/PaymentsBench/bin/Release/net10.0/PaymentsBench.dll
source bench/lib/postgres.sh
start_cluster
psql_ -c "CREATE DATABASE madoguchi"
psql_ -c "CREATE DATABASE reconcile"
base=http://127.0.0.1:$app_port
field() { sed -n "s/.*$1=\([0-9.]*\).*/\1/p"; }
pg="Host=127.0.0.1;Port=$port;Username=postgres;Database=madoguchi;Maximum Pool Size=100"

echo "| Engine | Measurement | Madoguchi | Baseline (same run) | Ratio |"
echo "|---|---|---|---|---|"
mkdir -p "$work/api"
( export MADOGUCHI_DATA_DIR=$work/api Demo__Enabled=true Demo__Households=300 Logging__LogLevel__Default=Warning \
    Payments__ReconcilerEnabled=false Database__Provider=PostgreSql ConnectionStrings__Madoguchi="$pg"
  dotnet "$app" migrate >/dev/null
  ASPNETCORE_URLS=$base exec dotnet "$app" > "$work/api/server.log" 2>&1 ) &
server=$!
for _ in $(seq 1 600); do
  [ "$(curl -s -o /dev/null -w '%{http_code}' "$base/healthz")" = 200 ] && break; sleep 0.2
done
BENCH_TOKEN=$(MADOGUCHI_DATA_DIR=$work/api Demo__Enabled=true Database__Provider=PostgreSql ConnectionStrings__Madoguchi="$pg" \
  dotnet "$app" tokens create --user cashier@demo.madoguchi.example --scope payments 2>/dev/null | tail -1)
export BENCH_TOKEN
[ -n "$BENCH_TOKEN" ] || { echo "could not make an API token" >&2; exit 1; }
wrk -t2 -c"$clients" -d10s -s bench/payments/create.lua "$base" >/dev/null   # warm-up
wrk -t2 -c"$clients" -d5s -s bench/payments/health.lua "$base/healthz" >/dev/null
health=$(wrk -t2 -c"$clients" -d"${duration}s" -s bench/payments/health.lua "$base/healthz" | grep '^BENCH')
created=$(wrk -t2 -c"$clients" -d"${duration}s" -s bench/payments/create.lua "$base" | grep '^BENCH')
replayed=$(BENCH_REPLAY=1 wrk -t2 -c"$clients" -d"${duration}s" -s bench/payments/create.lua "$base" | grep '^BENCH')
kill "$server" 2>/dev/null; wait "$server" 2>/dev/null || true
[ "$(echo "$created" | field non2xx)" = 0 ] || { echo "creations answered non-2xx: $created" >&2; exit 1; }
rps() { echo "$1" | field requests | awk -v d="$duration" '{printf "%.0f", $1 / d}'; }
orders=$(psql_ -d madoguchi -c "SELECT count(*) FROM payment_orders")
echo "| PostgreSQL | payment creations per second (POST /api/v1/payments, a new Idempotency-Key each, $clients connections) | $(rps "$created") (p50 $(echo "$created" | field p50_ms) ms, p99 $(echo "$created" | field p99_ms) ms) | GET /healthz: $(rps "$health")/s | $(awk -v a="$(rps "$created")" -v b="$(rps "$health")" 'BEGIN {printf "%.2f", a / b}') |"
echo "| PostgreSQL | the same creation repeated with one key (the remembered answer) | $(rps "$replayed")/s (p99 $(echo "$replayed" | field p99_ms) ms) | GET /healthz: $(rps "$health")/s | $(awk -v a="$(rps "$replayed")" -v b="$(rps "$health")" 'BEGIN {printf "%.2f", a / b}') |"
echo "| PostgreSQL | orders in the database after the run | $orders | | |" >&2

export Demo__Enabled=false Logging__LogLevel__Default=Warning Intake__WorkerEnabled=false
mkdir -p "$work/sqlite" "$work/postgres"
MADOGUCHI_DATA_DIR=$work/sqlite dotnet "$bench" "$rows"
MADOGUCHI_DATA_DIR=$work/postgres Database__Provider=PostgreSql \
  ConnectionStrings__Madoguchi="Host=127.0.0.1;Port=$port;Username=postgres;Database=reconcile" dotnet "$bench" "$rows"
