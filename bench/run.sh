#!/usr/bin/env bash
# Platform benchmarks (issue 2). Not part of the test run. Prints a Markdown table for docs/benchmarks.md.
#   bash bench/run.sh [runs]
# 1. Cold start: process start to the first 200 from /healthz, for Madoguchi on the embedded database (fresh data
#    directory: migrations + demo seed included; and an existing one), and for an empty ASP.NET Core app (baseline).
# 2. Throughput: requests/s of the home page, a procedure page and a kana catalog search, each against a static
#    file from the same server in the same run (wrk, loopback only, bounded duration), and resident memory after
#    start and under load.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
duration=${BENCH_DURATION:-15s}
connections=${BENCH_CONNECTIONS:-32}

command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
dotnet build src/Madoguchi -c Release --nologo -v quiet
dotnet build bench/Baseline -c Release --nologo -v quiet
app=src/Madoguchi/bin/Release/net10.0/Madoguchi.dll
baseline=bench/Baseline/bin/Release/net10.0/Baseline.dll
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

now_ms() { date +%s%3N; }

# start_and_time DLL PORT DATA_DIR -> prints milliseconds to first 200 on /healthz, leaves the server running (pid in $work/pid)
start_and_time() {
  local dll=$1 port=$2 data=$3 start
  start=$(now_ms)
  MADOGUCHI_DATA_DIR=$data ASPNETCORE_URLS=http://127.0.0.1:$port Logging__LogLevel__Default=Warning \
    dotnet "$dll" > "$work/server-$port.log" 2>&1 &
  echo $! > "$work/pid"
  for _ in $(seq 1 600); do
    if [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/healthz")" = "200" ]; then
      echo $(( $(now_ms) - start )); return 0
    fi
    sleep 0.05
  done
  echo "server on port $port did not answer" >&2; cat "$work/server-$port.log" >&2; return 1
}
stop() { kill "$(cat "$work/pid")"; wait "$(cat "$work/pid")" 2>/dev/null || true; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2))}'; }

port=5180
: > "$work/base"; : > "$work/fresh"; : > "$work/existing"
for i in $(seq 1 "$runs"); do
  start_and_time "$baseline" $port "$work/unused" >> "$work/base"; stop
  rm -rf "$work/data"; start_and_time "$app" $port "$work/data" >> "$work/fresh"; stop
  start_and_time "$app" $port "$work/data" >> "$work/existing"; stop
done
base_ms=$(median < "$work/base"); fresh_ms=$(median < "$work/fresh"); existing_ms=$(median < "$work/existing")

# Throughput on one running server.
start_and_time "$app" $port "$work/data" > /dev/null
pid=$(cat "$work/pid")
sleep 2
rss_idle=$(( $(ps -o rss= -p "$pid") / 1024 ))
wrk -t2 -c"$connections" -d5s "http://127.0.0.1:$port/" > /dev/null   # warm-up
static=$(wrk -t2 -c"$connections" -d"$duration" "http://127.0.0.1:$port/css/site.css" | awk '/Requests\/sec/ {print $2}')
wrk -t2 -c"$connections" -d"$duration" "http://127.0.0.1:$port/" > "$work/home.txt" &
wrk_pid=$!
sleep 5; rss_load=$(( $(ps -o rss= -p "$pid") / 1024 ))
wait $wrk_pid
home=$(awk '/Requests\/sec/ {print $2}' "$work/home.txt")
home_errors=$(awk '/Non-2xx/ {print $4}' "$work/home.txt"); home_errors=${home_errors:-0}
procedure=$(wrk -t2 -c"$connections" -d"$duration" "http://127.0.0.1:$port/procedures/youkaigo-nintei" | awk '/Requests\/sec/ {print $2}')
search=$(wrk -t2 -c"$connections" -d"$duration" "http://127.0.0.1:$port/procedures?Q=%E3%81%98%E3%81%A9%E3%81%86" | awk '/Requests\/sec/ {print $2}')
rss_after=$(( $(ps -o rss= -p "$pid") / 1024 ))
stop

ratio() { python3 -c "print(f'{$1/$2:.2f}')"; }
cat <<TABLE
| Measure | Value | Baseline (same run) | Ratio |
|---|---|---|---|
| Cold start to first 200 on /healthz, fresh data directory (migrate + demo seed), median of $runs | ${fresh_ms} ms | empty ASP.NET Core app: ${base_ms} ms | $(ratio "$fresh_ms" "$base_ms") |
| Cold start to first 200 on /healthz, existing data directory, median of $runs | ${existing_ms} ms | empty ASP.NET Core app: ${base_ms} ms | $(ratio "$existing_ms" "$base_ms") |
| Home page requests/s (wrk, 2 threads, $connections connections, $duration) | ${home} (non-2xx: ${home_errors}) | static file from the same server: ${static} | $(ratio "$home" "$static") |
| Procedure page /procedures/youkaigo-nintei requests/s | ${procedure} | static file: ${static} | $(ratio "$procedure" "$static") |
| Catalog search /procedures?Q=じどう requests/s | ${search} | static file: ${static} | $(ratio "$search" "$static") |
| Resident memory after start / under home-page load / after all loads | ${rss_idle} MiB / ${rss_load} MiB / ${rss_after} MiB | | |
TABLE
