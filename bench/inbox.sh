#!/usr/bin/env bash
# Back office on PostgreSQL with 100,000 cases (issue 4). Not part of the test run. Prints Markdown for docs/benchmarks.md.
#   bash bench/inbox.sh
# One throwaway PostgreSQL cluster; Madoguchi in Release, production settings, demo data plus 100,000 土木課 cases
# (bench/inbox/seed.sql). The demo road officer signs in with password and TOTP, then:
# 1. Inbox page latency (wrk, BENCH_CLIENTS connections, BENCH_DURATION s each): the first page, a status filter, the
#    overdue filter and a kana search, against the staff start page (same session, layout and checks, no case query)
#    measured in the same run.
# 2. CSV export of all 100,000 cases through the API (UTF-8 and Shift_JIS): rows/s and the server's peak resident
#    memory while streaming, against psql's \copy of the same rows from the same cluster.
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${BENCH_DURATION:-15}
clients=${BENCH_CLIENTS:-4}
port=${BENCH_PG_PORT:-55441}
app_port=5191

source bench/lib/demo-on-postgres.sh
seed_start=$(date +%s%3N)
psql_ -d madoguchi -f bench/inbox/seed.sql >/dev/null
seed_ms=$(( $(date +%s%3N) - seed_start ))
cases=$(psql_ -d madoguchi -c "SELECT count(*) FROM applications WHERE \"Department\" = 'doboku'")
pid=$(pgrep -f "dotnet $app" | head -1)

# The road officer signs in: password, then the TOTP code of the demo key.
jar=$work/cookies
token_of() { grep -o 'name="__RequestVerificationToken" type="hidden" value="[^"]*"' | head -1 | sed 's/.*value="//; s/"$//'; }
totp() {
  python3 - <<'PY'
import base64, hashlib, hmac, struct, time
key = base64.b32decode("MADOGUCHIDEMOKEYGOSHOGAWARA22255")
digest = hmac.new(key, struct.pack(">Q", int(time.time()) // 30), hashlib.sha1).digest()
offset = digest[-1] & 15
print("%06d" % ((struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7fffffff) % 1000000))
PY
}
af=$(curl -s -c "$jar" -b "$jar" "$base/staff/signin" | token_of)
next=$(curl -s -o /dev/null -w '%{redirect_url}' -c "$jar" -b "$jar" --data-urlencode "__RequestVerificationToken=$af" \
  --data-urlencode "Input.Email=doboku@demo.madoguchi.example" --data-urlencode "Input.Password=Tachineputa-demo-2026" "$base/staff/signin")
af=$(curl -s -c "$jar" -b "$jar" "$next" | token_of)
curl -s -o /dev/null -c "$jar" -b "$jar" --data-urlencode "__RequestVerificationToken=$af" --data-urlencode "Input.Code=$(totp)" "$next"
export BENCH_COOKIE="madoguchi.session=$(awk '$6 == "madoguchi.session" {print $7}' "$jar")"
[ "$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $BENCH_COOKIE" "$base/staff/cases")" = 200 ] || { echo "could not sign in" >&2; tail "$work/server.log" >&2; exit 1; }

measure() { # PATH -> "p50 p95 p99 requests non2xx errors" on stdout
  BENCH_PATH=$1 wrk -t2 -c"$clients" -d"${duration}s" --timeout 10s -s bench/inbox/get.lua "$base" \
    | awk '/^BENCH/ {for (i = 2; i <= NF; i++) {split($i, kv, "="); printf "%s ", kv[2]} print ""}'
}
BENCH_PATH=/staff/cases wrk -t2 -c"$clients" -d5s -s bench/inbox/get.lua "$base" > /dev/null   # warm-up
read -r b50 b95 b99 bn bx be < <(measure /staff)
read -r i50 i95 i99 in ix ie < <(measure /staff/cases)
read -r s50 s95 s99 sn sx se < <(measure "/staff/cases?Filter.Status=in_review")
read -r o50 o95 o99 on ox oe < <(measure "/staff/cases?Filter.Overdue=true")
read -r q50 q95 q99 qn qx qe < <(measure "/staff/cases?Filter.Q=%E3%81%8B%E3%81%AA%E3%81%8E")   # かなぎ

# 2. Export.
token=$(dotnet "$app" tokens create --user doboku@demo.madoguchi.example --scope cases 2>/dev/null | tail -1)
rss_idle=$(( $(ps -o rss= -p "$pid") / 1024 ))
export_once() { # ENCODING -> "seconds peak_rss_mib rows"
  local url="$base/api/v1/procedures/douro-sonshou-tsuuhou/cases.csv?encoding=$1" peak=0 rss
  curl -s -H "Authorization: Bearer $token" -o "$work/export.csv" -w '%{time_total}\n' "$url" > "$work/time" &
  local curl_pid=$!
  while kill -0 "$curl_pid" 2>/dev/null; do
    rss=$(( $(ps -o rss= -p "$pid") / 1024 )); [ "$rss" -gt "$peak" ] && peak=$rss; sleep 0.05
  done
  wait "$curl_pid"
  echo "$(cat "$work/time") $peak $(( $(grep -c '^BENCH-' "$work/export.csv") ))"
}
export_once utf-8 > /dev/null   # warm-up
read -r u_s u_peak u_rows < <(export_once utf-8)
read -r j_s j_peak j_rows < <(export_once shift_jis)
copy_start=$(date +%s%N)
psql_ -d madoguchi -c "\\copy (SELECT \"ReceiptNumber\", \"SubmittedAt\", \"Status\", \"Channel\", \"DueOn\", \"Answers\" FROM applications WHERE \"Department\" = 'doboku' ORDER BY \"SubmittedAt\") TO '$work/copy.csv' CSV HEADER"
copy_s=$(python3 -c "print(($(date +%s%N) - $copy_start) / 1e9)")

r() { python3 -c "print(f'{$1:.2f}')"; }
cat <<TABLE
Seeded $cases 土木課 cases in ${seed_ms} ms. ${clients} connections, ${duration} s per page (wrk).

| Page (signed-in road officer) | p50 | p95 | p99 | requests / non-2xx | p95 ratio to the staff start page |
|---|---|---|---|---|---|
| Baseline: staff start page \`/staff\` | ${b50} ms | ${b95} ms | ${b99} ms | ${bn} / ${bx} | 1.00 |
| Inbox, first page (newest 50 of ${cases}) | ${i50} ms | ${i95} ms | ${i99} ms | ${in} / ${ix} | $(r "$i95/$b95") |
| Inbox, status 審査中 | ${s50} ms | ${s95} ms | ${s99} ms | ${sn} / ${sx} | $(r "$s95/$b95") |
| Inbox, overdue only | ${o50} ms | ${o95} ms | ${o99} ms | ${on} / ${ox} | $(r "$o95/$b95") |
| Inbox, search by kana かなぎ (audited) | ${q50} ms | ${q95} ms | ${q99} ms | ${qn} / ${qx} | $(r "$q95/$b95") |

| Export of ${u_rows} cases | Time | Rows/s | Server memory idle → peak while streaming | Ratio to psql \\copy |
|---|---|---|---|---|
| Baseline: psql \\copy of the same rows (6 columns, JSON answers) | $(r "$copy_s") s | $(r "$cases/$copy_s") | — | 1.00 |
| CSV UTF-8 with BOM (API) | $(r "$u_s") s | $(r "$u_rows/$u_s") | ${rss_idle} MiB → ${u_peak} MiB | $(r "($u_rows/$u_s)/($cases/$copy_s)") |
| CSV Shift_JIS | $(r "$j_s") s | $(r "$j_rows/$j_s") | ${rss_idle} MiB → ${j_peak} MiB | $(r "($j_rows/$j_s)/($cases/$copy_s)") |
TABLE
