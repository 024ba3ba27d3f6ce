#!/usr/bin/env bash
# Submission surge on PostgreSQL (issue 3). Not part of the test run. Prints a Markdown table for docs/benchmarks.md.
#   bash bench/surge.sh                      (BENCH_TRACE=/tmp/surge.nettrace for dotnet-trace's thread-time samples,
#                                             BENCH_PERF=/tmp/surge.perf for Linux perf's CPU samples of the app)
# One throwaway PostgreSQL cluster (the machine's packages, default settings, fsync on) serves both measurements:
# 1. Baseline: pgbench's TPC-B-like transaction (scale 10, BENCH_CLIENTS clients, 2 threads) for BENCH_DURATION s.
# 2. Madoguchi (Release, production mode on that cluster, outbox worker running): the demo resident makes an API token
#    through the account page, then wrk posts valid 道路損傷の通報 applications with BENCH_CLIENTS connections, each
#    request with its own Idempotency-Key, so that every one validates, takes a receipt number, appends an audit
#    event, queues an e-mail and commits. Latency percentiles come from wrk; the row count is checked afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${BENCH_DURATION:-30}
clients=${BENCH_CLIENTS:-16}
port=${BENCH_PG_PORT:-55439}
app_port=5190

command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
dotnet build src/Madoguchi -c Release --nologo -v quiet
app=src/Madoguchi/bin/Release/net10.0/Madoguchi.dll
source bench/lib/postgres.sh
# BENCH_STATEMENTS=1 also lists the statements run per submission (pg_stat_statements), to count round trips.
[ -n "${BENCH_STATEMENTS:-}" ] && PG_EXTRA_OPTS="-c shared_preload_libraries=pg_stat_statements"
start_cluster

# 1. Baseline.
psql_ -c "CREATE DATABASE pgbench"
"$bin/pgbench" -h 127.0.0.1 -p "$port" -U postgres -i -s 10 -q pgbench >/dev/null 2>&1
tps=$("$bin/pgbench" -h 127.0.0.1 -p "$port" -U postgres -c "$clients" -j 2 -T "$duration" pgbench 2>/dev/null | awk '/^tps/ {print $3; exit}')

# 2. Madoguchi.
psql_ -c "CREATE DATABASE madoguchi"
export Database__Provider=PostgreSql ConnectionStrings__Madoguchi="Host=127.0.0.1;Port=$port;Username=postgres;Database=madoguchi;Maximum Pool Size=100${BENCH_CONNECTION_EXTRA:-}"
[ -n "${BENCH_PERF:-}" ] && export DOTNET_PerfMapEnabled=1
export MADOGUCHI_DATA_DIR=$work/data Demo__Enabled=true Logging__LogLevel__Default=Warning RateLimits__SignInPerMinute=100
dotnet "$app" migrate >/dev/null
ASPNETCORE_URLS=http://127.0.0.1:$app_port dotnet "$app" > "$work/server.log" 2>&1 &
for _ in $(seq 1 300); do
  [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$app_port/healthz")" = 200 ] && break; sleep 0.1
done

base=http://127.0.0.1:$app_port
source bench/lib/resident-token.sh
export BENCH_BODY_FILE=bench/surge/report.json BENCH_PATH=/api/v1/procedures/douro-sonshou-tsuuhou/applications

# Warm-up: BENCH_WARMUP s (60) of the same load first. The runtime compiles hot methods again in the background
# (tiered compilation, with an instrumented tier for profile-guided optimisation); on two busy cores that takes
# about a minute, and a shorter warm-up measures partly instrumented code (~40 % more app CPU per submission).
# CPU time (user + system, clock ticks) of a set of processes, from /proc: the app's, and all of PostgreSQL's.
ticks() { local sum=0; for pid in "$@"; do [ -r "/proc/$pid/stat" ] && sum=$(( sum + $(awk '{print $14 + $15}' "/proc/$pid/stat") )); done; echo "$sum"; }
app_pid=$(pgrep -f "dotnet $app" | head -1)
wrk -t2 -c"$clients" -d"${BENCH_WARMUP:-60}s" -s bench/surge/submit.lua "http://127.0.0.1:$app_port" > /dev/null   # warm-up (JIT tiers, pools)
before=$(psql_ -d madoguchi -c "SELECT count(*) FROM applications")
[ -n "${BENCH_STATEMENTS:-}" ] && psql_ -d madoguchi -c "CREATE EXTENSION IF NOT EXISTS pg_stat_statements; SELECT pg_stat_statements_reset()" >/dev/null
rss_before=$(( $(ps -o rss= -p "$app_pid") / 1024 ))
app_ticks=$(ticks "$app_pid"); pg_ticks=$(ticks $(pgrep -x postgres))
if [ -n "${BENCH_PERF:-}" ]; then
  # CPU samples of the app for 10 s in the middle of the run (Linux perf; JIT-compiled frames named through the perf
  # map the runtime writes when DOTNET_PerfMapEnabled=1, set below before the app starts). Read with `perf report -i`.
  (sleep 5; perf record -F 999 -g -p "$app_pid" -o "$BENCH_PERF" -- sleep 10 >/dev/null 2>&1) &
fi
if [ -n "${BENCH_TRACE:-}" ]; then
  # Thread-time samples of the app for 10 s in the middle of the run (dotnet-trace, see docs/STATUS.md), for the profile.
  (sleep 5; "${DOTNET_TRACE:-dotnet-trace}" collect -p "$app_pid" --profile ${BENCH_TRACE_PROFILE:-dotnet-sampled-thread-time} --duration 00:00:00:10 -o "$BENCH_TRACE" >/dev/null 2>&1) &
fi
wrk -t2 -c"$clients" -d"${duration}s" --timeout 10s -s bench/surge/submit.lua "http://127.0.0.1:$app_port" > "$work/wrk.txt"
app_ticks=$(( $(ticks "$app_pid") - app_ticks )); pg_ticks=$(( $(ticks $(pgrep -x postgres)) - pg_ticks ))
rss_after=$(( $(ps -o rss= -p "$app_pid") / 1024 ))
after=$(psql_ -d madoguchi -c "SELECT count(*) FROM applications")
rate=$(awk '/Requests\/sec/ {print $2}' "$work/wrk.txt")
read -r p50 p90 p99 requests non2xx errors < <(awk '/^BENCH/ {for (i = 2; i <= NF; i++) {split($i, kv, "="); printf "%s ", kv[2]} print ""}' "$work/wrk.txt")
created=$(( after - before ))
hz=$(getconf CLK_TCK)
app_cpu=$(python3 -c "print(f'{$app_ticks * 1000 / $hz / max($created, 1):.2f}')")
pg_cpu=$(python3 -c "print(f'{$pg_ticks * 1000 / $hz / max($created, 1):.2f}')")
intact=$(dotnet "$app" audit verify 2>&1 | tail -1)

if [ -n "${BENCH_STATEMENTS:-}" ]; then
  echo "Statements per submission (calls / applications created), PostgreSQL's own time per call:" >&2
  psql_ -d madoguchi -F ' | ' -c "SELECT round(calls::numeric / greatest($created, 1), 2), round((total_exec_time + total_plan_time)::numeric / calls, 3) || ' ms', left(regexp_replace(query, '\s+', ' ', 'g'), 160) FROM pg_stat_statements WHERE calls >= $created / 2 ORDER BY calls DESC" >&2
fi
ratio() { python3 -c "print(f'{$1/$2:.2f}')"; }
cat <<TABLE
| Measure | Value | Baseline (same run, same cluster) | Ratio |
|---|---|---|---|
| API submissions/s, $clients connections, ${duration} s (wrk) | ${rate} | pgbench TPC-B-like, scale 10, $clients clients: ${tps} tps | $(ratio "$rate" "$tps") |
| Latency p50 / p90 / p99 | ${p50} ms / ${p90} ms / ${p99} ms | | |
| Requests / applications committed / non-2xx / socket errors | ${requests} / ${created} / ${non2xx} / ${errors} | | |
| CPU per submission: app / PostgreSQL (user + system) | ${app_cpu} ms / ${pg_cpu} ms | | |
| Resident memory before / after the surge | ${rss_before} MiB / ${rss_after} MiB | | |
| Audit trail after the surge | ${intact} | | |
TABLE
