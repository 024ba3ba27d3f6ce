#!/usr/bin/env bash
# Backup and restore with PostgreSQL's own tools (issue 14; docs/operations.md). Not part of the test run.
#   bash bench/restore.sh            (BENCH_DURATION=10, BENCH_CLIENTS=8)
# Madoguchi (Release, production mode, files in the database) takes applications for BENCH_DURATION s, each key's
# receipt written down; an attachment-free API surge plus the demo's files. Then: pg_dump -Fc of the live database
# while the app still runs (a consistent snapshot), pg_restore into a new database, and a second instance with an
# empty data directory started on the restored copy. Every key is sent again to it: each must be answered with the
# receipt the original answered (replayed, not made again), the demo's stored files must be readable, and the
# restored audit trail must verify. Prints a Markdown table for docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${BENCH_DURATION:-10}
clients=${BENCH_CLIENTS:-8}
port=${BENCH_PG_PORT:-55447}
app_port=5197
restored_port=5198

dotnet build bench/LoadBench -c Release --nologo -v quiet >/dev/null
load=bench/LoadBench/bin/Release/net10.0/LoadBench.dll
source bench/lib/demo-on-postgres.sh
source bench/lib/resident-token.sh
path=/api/v1/procedures/douro-sonshou-tsuuhou/applications
body=bench/surge/report.json
field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<"$2"; }

out=$(dotnet "$load" "$base" "$path" "$body" "$BENCH_TOKEN" "$clients" "$duration" --receipts "$work/receipts.tsv" | grep '^LOAD')
keys=$(wc -l < "$work/receipts.tsv")

started=$(date +%s.%N)
"$bin/pg_dump" -h 127.0.0.1 -p "$port" -U postgres -Fc -f "$work/madoguchi.dump" madoguchi
dumped=$(date +%s.%N)
psql_ -c "CREATE DATABASE restored"
"$bin/pg_restore" -h 127.0.0.1 -p "$port" -U postgres -d restored --no-owner "$work/madoguchi.dump"
restored_at=$(date +%s.%N)
size=$(du -h "$work/madoguchi.dump" | cut -f1)

restored=http://127.0.0.1:$restored_port
ConnectionStrings__Madoguchi="Host=127.0.0.1;Port=$port;Username=postgres;Database=restored" MADOGUCHI_DATA_DIR=$work/data-restored \
  Demo__Enabled=false Site__PublicBaseUrl=$restored ASPNETCORE_URLS=$restored dotnet "$app" > "$work/server-restored.log" 2>&1 &
for _ in $(seq 1 600); do
  [ "$(curl -s -o /dev/null -w '%{http_code}' "$restored/healthz")" = 200 ] && break; sleep 0.1
done
[ "$(curl -s -o /dev/null -w '%{http_code}' "$restored/healthz")" = 200 ] || { echo "the instance on the restored copy did not start:" >&2; tail -5 "$work/server-restored.log" >&2; exit 1; }
replay=$(dotnet "$load" "$restored" "$path" "$body" "$BENCH_TOKEN" "$clients" 0 --replay "$work/receipts.tsv" | grep '^REPLAY')

# Every file the original stored (the demo's datasets and letters), read through the restored instance's store.
files=$(psql_ -d restored -c "SELECT count(*) FROM stored_files")
readable=0
query="SELECT d.\"Name\" || ' ' || r.\"Id\" || ' ' || r.\"FileSha256\" || ' ' || r.\"FileName\" FROM opendata_resources r JOIN opendata_datasets d ON d.\"Id\" = r.\"DatasetId\" WHERE r.\"FileSha256\" IS NOT NULL AND d.\"State\" = 'active' AND NOT d.\"Private\""
while read -r name id sha file; do
  file=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$file")
  got=$(curl -s "$restored/dataset/$name/resource/$id/download/$file" | sha256sum | cut -d' ' -f1)
  if [ "$got" = "$sha" ]; then readable=$(( readable + 1 )); fi
done < <(psql_ -d restored -F ' ' -c "$query")
published=$(psql_ -d restored -c "$query" | wc -l)
intact=$(ConnectionStrings__Madoguchi="Host=127.0.0.1;Port=$port;Username=postgres;Database=restored" MADOGUCHI_DATA_DIR=$work/data-restored dotnet "$app" audit verify 2>&1 | tail -1)

cat <<TABLE
| Backup and restore (pg_dump -Fc while the app runs, pg_restore into a new database) | Value |
|---|---|
| Keys answered before the backup ($clients connections, ${duration} s) | $keys ($(field accepted_per_s "$out")/s) |
| Dump size / pg_dump time / pg_restore time | $size / $(python3 -c "print(f'{$dumped - $started:.1f} s')") / $(python3 -c "print(f'{$restored_at - $dumped:.1f} s')") |
| Keys sent again to an instance on the restored copy: same receipt (replayed) / another receipt / not 2xx | $(field same "$replay") ($(field replayed "$replay")) / $(field different "$replay") / $(field not_2xx "$replay") |
| Files in the restored database / published files downloaded from it with the same SHA-256 | $files / $readable of $published |
| Restored audit trail | $intact |
TABLE
