# Sourced by the benchmark scripts that measure the app on PostgreSQL: wrk, a Release build, a throwaway cluster
# (bench/lib/postgres.sh) on $port, and Madoguchi in demo mode on it at http://127.0.0.1:$app_port, waited for.
# Expects: port, app_port. Defines: app (the built dll), base (the app's URL), plus what postgres.sh defines.
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
dotnet build src/Madoguchi -c Release --nologo -v quiet
app=src/Madoguchi/bin/Release/net10.0/Madoguchi.dll
source bench/lib/postgres.sh
start_cluster

psql_ -c "CREATE DATABASE madoguchi"
export Database__Provider=PostgreSql ConnectionStrings__Madoguchi="Host=127.0.0.1;Port=$port;Username=postgres;Database=madoguchi"
export MADOGUCHI_DATA_DIR=$work/data Demo__Enabled=true Logging__LogLevel__Default=Warning Intake__WorkerEnabled=false
ASPNETCORE_URLS=http://127.0.0.1:$app_port dotnet "$app" > "$work/server.log" 2>&1 &
for _ in $(seq 1 600); do
  [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$app_port/healthz")" = 200 ] && break; sleep 0.1
done
base=http://127.0.0.1:$app_port
