#!/usr/bin/env bash
# datastore_search over a 1,000,000-row resource on PostgreSQL (issue 6). Not part of the test run. Prints Markdown
# for docs/benchmarks.md.
#   bash bench/datastore.sh [rows]      (default: 1,000,000)
# One throwaway PostgreSQL cluster; Madoguchi in Release, production settings, the demo catalog. An AED-shaped CSV
# (valid against the standard) is uploaded through resource_create with the demo open-data officer's token, which
# validates it and queues it for the datastore, which the outbox worker loads; then wrk measures datastore_search calls against site_read (the same
# route, envelope and middleware, no query) in the same run.
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-1000000}
duration=${BENCH_DURATION:-15}
clients=${BENCH_CLIENTS:-4}
port=${BENCH_PG_PORT:-55443}
app_port=5193

source bench/lib/demo-on-postgres.sh
token=$(dotnet "$app" tokens create --user opendata@demo.madoguchi.example --scope opendata --expires 1d | tail -1)
csv=$work/022055_aed.csv
python3 - "$csv" "$rows" <<'PY'
import sys
path, rows = sys.argv[1], int(sys.argv[2])
header = "都道府県コード又は市区町村コード,NO,都道府県名,市区町村名,名称,名称_カナ,住所,方書,緯度,経度,設置位置,電話番号,内線番号,法人番号,団体名,利用可能曜日,開始時間,終了時間,利用可能日時特記事項,小児対応設備の有無,URL,備考"
with open(path, "w", encoding="utf-8-sig", newline="") as f:
    f.write(header + "\r\n")
    for i in range(1, rows + 1):
        f.write(f"022055,{i},青森県,五所川原市,施設{i},シセツ{i % 10},五所川原市字布屋町{i % 97}番地{i % 13},,"
                f"{40.7 + (i * 7919 % 100000) / 1000000:.6f},{140.3 + (i % 1000) / 10000:.6f},{i % 40 + 1}階,0173-35-{2000 + i % 8000:04d},,,,"
                f"月火水木金,08:30,17:15,,{'有' if i % 2 else '無'},,\r\n")
PY
size=$(du -m "$csv" | cut -f1)
auth=(-H "Authorization: $token")
curl -sf "${auth[@]}" -H 'Content-Type: application/json' -d '{"name":"bench-aed","title":"AED（ベンチマーク）","owner_org":"somu","standard_schema":"aed"}' "$base/api/3/action/package_create" >/dev/null
upload=$(curl -sf "${auth[@]}" -o "$work/resource.json" -w '%{time_total}' -F package_id=bench-aed -F "upload=@$csv;type=text/csv" "$base/api/3/action/resource_create")
resource=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['result']['id'])" "$work/resource.json")
# A file this size is loaded by the outbox worker in the background: wait until the datastore has it.
started=$(date +%s.%N)
for _ in $(seq 1 1200); do
  curl -sf "$base/api/3/action/resource_show?id=$resource" | python3 -c "import json,sys; sys.exit(0 if json.load(sys.stdin)['result']['datastore_active'] else 1)" && break
  sleep 0.5
done
loading=$(python3 -c "import time; print(f'{time.time() - $started:.1f}')")
loaded=$(psql_ -d madoguchi -c "SELECT count(*) FROM $(psql_ -d madoguchi -c "SELECT \"DatastoreTable\" FROM opendata_resources WHERE \"Id\" = '$resource'")")
export BENCH_COOKIE=""
psql_ -d madoguchi -c "CHECKPOINT"; sleep 10   # let the load's writes settle before measuring anything

measure() { # PATH -> "p50 p95 p99 requests non2xx errors"
  BENCH_PATH=$1 wrk -t2 -c"$clients" -d"${duration}s" --timeout 10s -s bench/inbox/get.lua "$base" \
    | awk '/^BENCH/ {for (i = 2; i <= NF; i++) {split($i, kv, "="); printf "%s ", kv[2]} print ""}'
}
e() { python3 -c "import urllib.parse,sys; print(urllib.parse.quote(sys.argv[1]))" "$1"; }
search=/api/3/action/datastore_search?resource_id=$resource
BENCH_PATH=$search wrk -t2 -c"$clients" -d5s -s bench/inbox/get.lua "$base" > /dev/null   # warm-up
read -r b50 b95 b99 bn bx be < <(measure /api/3/action/site_read)
read -r p50 p95 p99 pn px pe < <(measure "$search")
read -r f50 f95 f99 fn fx fe < <(measure "$search&filters=$(e '{"設置位置":"7階"}')&sort=$(e '緯度 desc')")
read -r g50 g95 g99 gn gx ge < <(measure "$search&filters=$(e '{"設置位置":"7階","小児対応設備の有無":"有"}')&sort=$(e '名称')&offset=5000")
read -r n50 n95 n99 nn nx ne < <(measure "$search&filters=$(e '{"設置位置":"7階"}')&sort=$(e '緯度 desc')&include_total=false")

r() { python3 -c "print(f'{$1:.2f}')"; }
cat <<TABLE
${loaded} rows (${size} MiB CSV) in the datastore on PostgreSQL; the upload (validated, stored, queued) took ${upload} s,
the background load until \`datastore_active\` ${loading} s more.
${clients} connections, ${duration} s per call (wrk), anonymous, limit 100 (the default).

| Call | p50 | p95 | p99 | requests / non-2xx | p95 ratio to site_read |
|---|---|---|---|---|---|
| Baseline: \`site_read\` | ${b50} ms | ${b95} ms | ${b99} ms | ${bn} / ${bx} | 1.00 |
| \`datastore_search\` first 100 with total | ${p50} ms | ${p95} ms | ${p99} ms | ${pn} / ${px} | $(r "$p95/$b95") |
| filter \`設置位置=7階\` (25,000 rows) + sort \`緯度 desc\`, with total | ${f50} ms | ${f95} ms | ${f99} ms | ${fn} / ${fx} | $(r "$f95/$b95") |
| two filters + sort \`名称\` + offset 5000, with total | ${g50} ms | ${g95} ms | ${g99} ms | ${gn} / ${gx} | $(r "$g95/$b95") |
| filter + sort, \`include_total=false\` | ${n50} ms | ${n95} ms | ${n99} ms | ${nn} / ${nx} | $(r "$n95/$b95") |
TABLE
