#!/usr/bin/env bash
# Two instances on one PostgreSQL (issue 14). Not part of the test run.
#   bash bench/two-instances.sh            (BENCH_DURATION=20, BENCH_CLIENTS=16)
# One throwaway cluster (fsync on); instance A and instance B of Madoguchi (Release, production mode, each with its own
# data directory as on two machines, both outbox workers running, files in the database). bench/LoadBench posts valid
# 道路損傷の通報 applications with one token (made on A) and its own Idempotency-Key per request: first BENCH_CLIENTS
# connections to A alone (the baseline, same run), then half of them to A and half to B at the same time. Afterwards:
# every receipt number distinct, every confirmation queued once and sent once (the pickup transport writes one file
# per message into the sending instance's directory, so a message sent by both would be two files), audit verified.
# On one 2-core machine both instances share the CPU with PostgreSQL and the load generator: the figure shows that two
# instances work together correctly and what the second costs, not what a second machine would add.
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${BENCH_DURATION:-20}
clients=${BENCH_CLIENTS:-16}
port=${BENCH_PG_PORT:-55445}
app_port=5195
second_port=5196

dotnet build bench/LoadBench -c Release --nologo -v quiet >/dev/null
load=bench/LoadBench/bin/Release/net10.0/LoadBench.dll
export Email__MaxPerRecipientPerHour=1000000 Email__MaxPerClientPerHour=1000000
source bench/lib/demo-on-postgres.sh
source bench/lib/resident-token.sh
source bench/lib/outbox.sh
second=http://127.0.0.1:$second_port
MADOGUCHI_DATA_DIR=$work/data-b ASPNETCORE_URLS=$second dotnet "$app" > "$work/server-b.log" 2>&1 &
for _ in $(seq 1 600); do
  [ "$(curl -s -o /dev/null -w '%{http_code}' "$second/healthz")" = 200 ] && break; sleep 0.1
done

path=/api/v1/procedures/douro-sonshou-tsuuhou/applications
body=bench/surge/report.json
field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<"$2"; }
count() { psql_ -d madoguchi -c "SELECT count(*) FROM applications"; }
dotnet "$load" "$base" "$path" "$body" "$BENCH_TOKEN" "$clients" 5 > /dev/null     # warm-up of both
dotnet "$load" "$second" "$path" "$body" "$BENCH_TOKEN" "$clients" 5 > /dev/null

before=$(count)
one=$(dotnet "$load" "$base" "$path" "$body" "$BENCH_TOKEN" "$clients" "$duration" | grep '^LOAD')
one_made=$(( $(count) - before ))
half=$(( clients / 2 ))
before=$(count)
dotnet "$load" "$base" "$path" "$body" "$BENCH_TOKEN" "$half" "$duration" | grep '^LOAD' > "$work/a.txt" &
on_a=$!
dotnet "$load" "$second" "$path" "$body" "$BENCH_TOKEN" "$half" "$duration" | grep '^LOAD' > "$work/b.txt" &
on_b=$!
wait "$on_a" "$on_b"
two_made=$(( $(count) - before ))
a=$(cat "$work/a.txt"); b=$(cat "$work/b.txt")
two_rate=$(python3 -c "print(round($(field accepted_per_s "$a") + $(field accepted_per_s "$b"), 1))")

duplicates=$(psql_ -d madoguchi -c "SELECT count(*) - count(DISTINCT \"ReceiptNumber\") FROM applications")
queued_twice=$(confirmations_queued_twice)
wait_for_outbox 300
files_a=$(find "$work/data" -name '*.eml' | wc -l)
files_b=$(find "$work/data-b" -name '*.eml' | wc -l)
intact=$(dotnet "$app" audit verify 2>&1 | tail -1)

cat <<TABLE
| Measure, $clients connections in all, ${duration} s each | One instance (baseline, same run) | Two instances on one PostgreSQL |
|---|---|---|
| Submissions accepted/s | $(field accepted_per_s "$one") | $two_rate (A $(field accepted_per_s "$a") + B $(field accepted_per_s "$b")) |
| Accepted p50 / p99 | $(field accepted_p50 "$one") / $(field accepted_p99 "$one") ms | A $(field accepted_p50 "$a") / $(field accepted_p99 "$a") ms, B $(field accepted_p50 "$b") / $(field accepted_p99 "$b") ms |
| Other failures or no answer | $(field other "$one") | $(( $(field other "$a") + $(field other "$b") )) |
| Applications made | $one_made | $two_made |

| After both runs | Value |
|---|---|
| Receipt numbers given twice | $duplicates |
| Confirmations queued twice | $queued_twice |
| E-mails sent (outbox) / .eml files written by A + B / unsent after ${waited} s | $sent / $files_a + $files_b / $unsent |
| Audit trail | $intact |
TABLE
