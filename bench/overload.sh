#!/usr/bin/env bash
# Overload (issue 14): the same instance at its sustainable load and at many times it. Not part of the test run.
#   bash bench/overload.sh            (BENCH_DURATION=20, BENCH_CLIENTS=16, BENCH_OVERLOAD_CLIENTS=256)
# One throwaway PostgreSQL cluster (fsync on) and Madoguchi (Release, production mode, outbox worker running, default
# Load__ settings). bench/LoadBench posts valid 道路損傷の通報 applications, each with its own Idempotency-Key, first
# from BENCH_CLIENTS connections as fast as they are answered (the sustainable rate S), then arriving at
# BENCH_OVERLOAD_FACTOR × S a second (default 4) whatever the answers, on up to BENCH_OVERLOAD_CLIENTS connections. Accepted and refused
# requests are counted and timed apart; a refusal must be 429/503 with Retry-After, and nothing may fail otherwise or
# go unanswered (the client gives up after 30 s). Afterwards the applications in the database must equal the
# accepted answers, and the audit trail must verify. Prints a Markdown table for docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${BENCH_DURATION:-20}
clients=${BENCH_CLIENTS:-16}
overload=${BENCH_OVERLOAD_CLIENTS:-256}
factor=${BENCH_OVERLOAD_FACTOR:-4}
port=${BENCH_PG_PORT:-55441}
app_port=5192

dotnet build bench/LoadBench -c Release --nologo -v quiet >/dev/null
load=bench/LoadBench/bin/Release/net10.0/LoadBench.dll
source bench/lib/demo-on-postgres.sh
source bench/lib/resident-token.sh
path=/api/v1/procedures/douro-sonshou-tsuuhou/applications
body=bench/surge/report.json

dotnet "$load" "$base" "$path" "$body" "$BENCH_TOKEN" "$clients" 5 > /dev/null   # warm-up (JIT, pools)
count() { psql_ -d madoguchi -c "SELECT count(*) FROM applications"; }
field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<"$2"; }
row() {
  local label=$1 connections=$2 before after
  before=$(count)
  out=$(dotnet "$load" "$base" "$path" "$body" "$BENCH_TOKEN" "$connections" "$duration" "${@:3}" | grep '^LOAD')
  after=$(count)
  echo "| $label | $connections | $(field accepted_per_s "$out") | $(field accepted "$out") / $(( after - before )) | $(field refused "$out") ($(field refused_with_retry_after "$out")) | $(field other "$out") $(field other_statuses "$out") | $(field accepted_p50 "$out") / $(field accepted_p99 "$out") ms | $(field refused_p99 "$out") ms |"
}

echo "| Load | Connections (at most) | Accepted/s | Accepted answers / applications made | Refused (with Retry-After) | Other failures or no answer | Accepted p50 / p99 | Refused p99 |"
echo "|---|---|---|---|---|---|---|---|"
row "Sustainable: $clients clients as fast as answered (baseline)" "$clients"
sustainable=$(field accepted_per_s "$out")
offered=$(python3 -c "print(round($sustainable * $factor))")
row "Overload: $offered arriving a second (${factor} × the sustainable rate)" "$overload" --rate "$offered"
echo
echo "Audit trail afterwards: $(dotnet "$app" audit verify 2>&1 | tail -1)"
