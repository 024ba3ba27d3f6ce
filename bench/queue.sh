#!/usr/bin/env bash
# 待たない窓口's queue (issue 17), on SQLite and on PostgreSQL. Not part of the test run. Prints Markdown for
# docs/benchmarks.md.
#   bash bench/queue.sh            (BENCH_DURATION s per measurement, 20; BENCH_CLIENTS connections, 8)
# Each engine gets a fresh demo (a small synthetic city, the counters kept open at any hour) and two measurements,
# each against a baseline taken in the same run on the same server:
# 1. Tickets issued per second through POST /api/v1/queue/tickets (each with its own Idempotency-Key, so every request
#    takes a number in its own transaction with its audit event), against GET /healthz (a request that reads the
#    database) with the same connections.
# 2. The hall's display (/queue/display) latency while a steady stream runs (5 tickets a second through the API and a
#    signed-in clerk calling the next every second through the counter page: bench/queue/stream.py), against a static
#    file (/css/site.css) measured under the same stream.
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${BENCH_DURATION:-20}
clients=${BENCH_CLIENTS:-8}
port=${BENCH_PG_PORT:-55447}
app_port=5191
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
dotnet build src/Madoguchi -c Release --nologo -v quiet
app=src/Madoguchi/bin/Release/net10.0/Madoguchi.dll
source bench/lib/postgres.sh
start_cluster
psql_ -c "CREATE DATABASE madoguchi"
base=http://127.0.0.1:$app_port
field() { sed -n "s/.*$1=\([0-9.]*\).*/\1/p"; }

run_engine() {
  local engine=$1
  mkdir -p "$work/$engine"
  ( export MADOGUCHI_DATA_DIR=$work/$engine Demo__Enabled=true Demo__Households=300 Demo__QueueAlwaysOpen=true \
      Logging__LogLevel__Default=Warning RateLimits__QueueTicketsPerHour=100000000 RateLimits__SignInPerMinute=100
    [ "$engine" = PostgreSQL ] && export Database__Provider=PostgreSql \
      ConnectionStrings__Madoguchi="Host=127.0.0.1;Port=$port;Username=postgres;Database=madoguchi;Maximum Pool Size=100"
    dotnet "$app" migrate >/dev/null
    ASPNETCORE_URLS=$base exec dotnet "$app" > "$work/$engine/server.log" 2>&1 ) &
  local server=$!
  for _ in $(seq 1 600); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "$base/healthz")" = 200 ] && break; sleep 0.2
  done
  # Warm-up of every path measured (JIT tiers, pools).
  BENCH_SERVICE=shoumei wrk -t2 -c"$clients" -d10s -s bench/queue/ticket.lua "$base" >/dev/null
  wrk -t2 -c"$clients" -d5s "$base/healthz" >/dev/null
  wrk -t2 -c4 -d5s "$base/queue/display" >/dev/null
  wrk -t2 -c4 -d5s "$base/css/site.css" >/dev/null

  local health tickets
  health=$(wrk -t2 -c"$clients" -d"${duration}s" -s bench/queue/get.lua "$base/healthz" | grep '^BENCH')
  tickets=$(BENCH_SERVICE=kokuho wrk -t2 -c"$clients" -d"${duration}s" -s bench/queue/ticket.lua "$base" | grep '^BENCH')
  local health_rps tickets_rps
  health_rps=$(echo "$health" | field requests | awk -v d="$duration" '{printf "%.0f", $1 / d}')
  tickets_rps=$(echo "$tickets" | field requests | awk -v d="$duration" '{printf "%.0f", $1 / d}')
  [ "$(echo "$tickets" | field non2xx)" = 0 ] || { echo "tickets answered non-2xx: $tickets" >&2; exit 1; }

  # The display and the static baseline, each under its own stream of the same rates.
  python3 bench/queue/stream.py "$base" "$((duration + 3))" 5 1 > "$work/stream-display" &
  until grep -q READY "$work/stream-display"; do kill -0 $! 2>/dev/null || { echo "the stream could not start" >&2; exit 1; }; sleep 0.2; done; sleep 1
  local display; display=$(wrk -t2 -c4 -d"${duration}s" -s bench/queue/get.lua "$base/queue/display" | grep '^BENCH')
  wait $!
  python3 bench/queue/stream.py "$base" "$((duration + 3))" 5 1 > "$work/stream-static" &
  until grep -q READY "$work/stream-static"; do kill -0 $! 2>/dev/null || { echo "the stream could not start" >&2; exit 1; }; sleep 0.2; done; sleep 1
  local static; static=$(wrk -t2 -c4 -d"${duration}s" -s bench/queue/get.lua "$base/css/site.css" | grep '^BENCH')
  wait $!

  local issued_db
  if [ "$engine" = PostgreSQL ]; then
    issued_db=$(psql_ -d madoguchi -c "SELECT count(*) FROM queue_tickets")
  else
    issued_db=$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('SELECT count(*) FROM queue_tickets').fetchone()[0])" "$work/$engine/madoguchi.db")
  fi
  kill "$server" 2>/dev/null; wait "$server" 2>/dev/null || true

  echo "| $engine | tickets issued per second (API, $clients connections) | $tickets_rps (p50 $(echo "$tickets" | field p50_ms) ms, p99 $(echo "$tickets" | field p99_ms) ms) | GET /healthz: $health_rps/s | $(awk -v a="$tickets_rps" -v b="$health_rps" 'BEGIN {printf "%.2f", a / b}') |"
  echo "| $engine | display latency under a stream ($(grep STREAM "$work/stream-display" | sed 's/STREAM //')) | p50 $(echo "$display" | field p50_ms) ms, p99 $(echo "$display" | field p99_ms) ms | static file under the same stream: p50 $(echo "$static" | field p50_ms) ms, p99 $(echo "$static" | field p99_ms) ms | p99 $(awk -v a="$(echo "$display" | field p99_ms)" -v b="$(echo "$static" | field p99_ms)" 'BEGIN {printf "%.1f", a / b}')× |"
  echo "| $engine | tickets in the database after the run | $issued_db | | |" >&2
}

echo "| Engine | Measurement | Madoguchi | Baseline (same run) | Ratio |"
echo "|---|---|---|---|---|"
run_engine SQLite
run_engine PostgreSQL
