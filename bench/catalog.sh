#!/usr/bin/env bash
# package_search on PostgreSQL with 10,000 datasets (issue 6). Not part of the test run. Prints Markdown for
# docs/benchmarks.md.
#   bash bench/catalog.sh
# One throwaway PostgreSQL cluster; Madoguchi in Release, production settings, the demo catalog plus 10,000 datasets
# (bench/catalog/seed.sql). wrk measures CKAN API calls against site_read (the same route, envelope and middleware,
# no query) in the same run.
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${BENCH_DURATION:-15}
clients=${BENCH_CLIENTS:-4}
port=${BENCH_PG_PORT:-55442}
app_port=5192

source bench/lib/demo-on-postgres.sh
psql_ -d madoguchi -f bench/catalog/seed.sql >/dev/null
psql_ -d madoguchi -c "VACUUM ANALYZE"   # a settled catalog, as autovacuum leaves it (visibility map for index-only scans)
datasets=$(psql_ -d madoguchi -c "SELECT count(*) FROM opendata_datasets WHERE \"State\" = 'active'")
export BENCH_COOKIE=""

measure() { # PATH -> "p50 p95 p99 requests non2xx errors"
  BENCH_PATH=$1 wrk -t2 -c"$clients" -d"${duration}s" --timeout 10s -s bench/inbox/get.lua "$base" \
    | awk '/^BENCH/ {for (i = 2; i <= NF; i++) {split($i, kv, "="); printf "%s ", kv[2]} print ""}'
}
e() { python3 -c "import urllib.parse,sys; print(urllib.parse.quote(sys.argv[1]))" "$1"; }
facets=$(e '["organization","tags","res_format","license_id","groups"]')
BENCH_PATH=/api/3/action/package_search wrk -t2 -c"$clients" -d5s -s bench/inbox/get.lua "$base" > /dev/null   # warm-up
read -r b50 b95 b99 bn bx be < <(measure /api/3/action/site_read)
read -r l50 l95 l99 ln lx le < <(measure "/api/3/action/package_search")
read -r q50 q95 q99 qn qx qe < <(measure "/api/3/action/package_search?q=$(e 観光)")
read -r w50 w95 w99 wn wx we < <(measure "/api/3/action/package_search?q=$(e '避難所 金木')")
read -r f50 f95 f99 fn fx fe < <(measure "/api/3/action/package_search?fq=$(e 'organization:somu tags:人口')&facet.field=$facets")
read -r a50 a95 a99 an ax ae < <(measure "/api/3/action/package_search?q=$(e しじみ)&facet.field=$facets&rows=100")

r() { python3 -c "print(f'{$1:.2f}')"; }
cat <<TABLE
${datasets} active datasets on PostgreSQL. ${clients} connections, ${duration} s per call (wrk), anonymous.

| CKAN call | p50 | p95 | p99 | requests / non-2xx | p95 ratio to site_read |
|---|---|---|---|---|---|
| Baseline: \`site_read\` | ${b50} ms | ${b95} ms | ${b99} ms | ${bn} / ${bx} | 1.00 |
| \`package_search\` (all, newest 10) | ${l50} ms | ${l95} ms | ${l99} ms | ${ln} / ${lx} | $(r "$l95/$b95") |
| \`q=観光\` | ${q50} ms | ${q95} ms | ${q99} ms | ${qn} / ${qx} | $(r "$q95/$b95") |
| \`q=避難所 金木\` (two words) | ${w50} ms | ${w95} ms | ${w99} ms | ${wn} / ${wx} | $(r "$w95/$b95") |
| \`fq=organization:somu tags:人口\` + 5 facets | ${f50} ms | ${f95} ms | ${f99} ms | ${fn} / ${fx} | $(r "$f95/$b95") |
| \`q=しじみ\` + 5 facets, rows=100 | ${a50} ms | ${a95} ms | ${a99} ms | ${an} / ${ax} | $(r "$a95/$b95") |
TABLE
