#!/usr/bin/env bash
# Crashes during a surge lose nothing (issue 14). Not part of the test run.
#   bash bench/crash.sh app        kill -9 the app in the middle of a surge, start it again
#   bash bench/crash.sh postgres   restart PostgreSQL with -m immediate in the middle of a surge
# bench/LoadBench posts applications from BENCH_CLIENTS connections for BENCH_DURATION s; a request without a 2xx
# answer (refused, failed, connection lost) is sent again with the same Idempotency-Key and body until it is answered,
# as a well-behaved client does, and every key's receipt is kept. Afterwards: every receipt answered is in the
# database exactly once, no key got two receipts, the applications made equal the keys answered (nothing made twice,
# nothing made unanswered), each confirmation e-mail is queued once for its application, and the audit trail verifies.
set -euo pipefail
cd "$(dirname "$0")/.."
what=${1:-app}
duration=${BENCH_DURATION:-30}
clients=${BENCH_CLIENTS:-16}
port=${BENCH_PG_PORT:-55443}
app_port=5194

dotnet build bench/LoadBench -c Release --nologo -v quiet >/dev/null
load=bench/LoadBench/bin/Release/net10.0/LoadBench.dll
# Every application's confirmation is queued (the per-address hourly limit would stop the demo resident's at 5).
export Email__MaxPerRecipientPerHour=1000000 Email__MaxPerClientPerHour=1000000
source bench/lib/demo-on-postgres.sh
source bench/lib/resident-token.sh
source bench/lib/outbox.sh
start_app() {
  ASPNETCORE_URLS=http://127.0.0.1:$app_port dotnet "$app" >> "$work/server.log" 2>&1 &
  for _ in $(seq 1 600); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "$base/healthz")" = 200 ] && return; sleep 0.1
  done
}

dotnet "$load" "$base" /api/v1/procedures/douro-sonshou-tsuuhou/applications bench/surge/report.json "$BENCH_TOKEN" "$clients" "$duration" \
  --retry-until-accepted --receipts "$work/receipts.tsv" > "$work/load.txt" 2> "$work/load.err" &
loader=$!
sleep $(( duration / 3 ))
if [ "$what" = app ]; then
  kill -9 "$(pgrep -f "dotnet $app" | head -1)"
  sleep 1
  start_app
else
  as_postgres "$bin/pg_ctl" -D "$work/pg" -m immediate -w restart >/dev/null
fi
crashed_at=$(date -u +%T)
wait "$loader"

cut -f2 "$work/receipts.tsv" | sort > "$work/answered.txt"
psql_ -d madoguchi -c "SELECT \"ReceiptNumber\" FROM applications WHERE \"Channel\" = 'api' ORDER BY 1" > "$work/stored.txt"
answered=$(wc -l < "$work/answered.txt")
stored=$(wc -l < "$work/stored.txt")
missing=$(comm -23 "$work/answered.txt" "$work/stored.txt" | wc -l)
unanswered=$(comm -13 "$work/answered.txt" "$work/stored.txt" | wc -l)
duplicates=$(uniq -d "$work/answered.txt" | wc -l)
two_receipts=$(grep -c '^KEY ' "$work/load.err" || true)
mails=$(psql_ -d madoguchi -c "SELECT count(*) FROM outbox_messages m JOIN applications a ON m.\"IdempotencyKey\" = 'submitted:' || a.\"Id\"::text WHERE a.\"Channel\" = 'api'")
mail_twice=$(confirmations_queued_twice)
# The outbox worker sends what is due; the pickup transport writes one file per message id (a resend overwrites).
wait_for_outbox 180
files=$(find "$work/data" -name '*.eml' | wc -l)
intact=$(dotnet "$app" audit verify 2>&1 | tail -1)
out=$(grep '^LOAD' "$work/load.txt")

cat <<TABLE
| Crash: $what at $crashed_at UTC, $clients connections, ${duration} s | Value |
|---|---|
| Requests / keys answered 2xx / answered after a retry (replayed) | $(sed -n 's/.* requests=\([^ ]*\).*/\1/p' <<<"$out") / $(sed -n 's/.* keys=\([^ ]*\).*/\1/p' <<<"$out") / $(sed -n 's/.* replayed=\([^ ]*\).*/\1/p' <<<"$out") |
| Answers before a retry succeeded: 503 with Retry-After / other (status×count; -1 = connection lost or refused) | $(sed -n 's/.* refused_with_retry_after=\([^ ]*\).*/\1/p' <<<"$out") / $(sed -n 's/.* other=\([^ ]*\).*/\1/p' <<<"$out") ($(sed -n 's/.* other_statuses=\([^ ]*\).*/\1/p' <<<"$out")) |
| Receipts answered / applications stored | $answered / $stored |
| Answered but not stored / stored but never answered / a receipt answered twice / a key with two receipts | $missing / $unanswered / $duplicates / $two_receipts |
| Applications stored / their confirmations queued / a confirmation queued twice | $stored / $mails / $mail_twice |
| E-mails sent (all kinds) / .eml files written / unsent after ${waited} s | $sent / $files / $unsent |
| Audit trail | $intact |
TABLE
