# Sourced by the benchmark scripts: a throwaway PostgreSQL cluster from the machine's packages (default settings,
# fsync on) on $port, removed on exit. Defines: bin, work, as_postgres, psql_, start_cluster.
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
work=$(mktemp -d)
chmod 755 "$work"
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cleanup() {
  kill $(jobs -p) 2>/dev/null || true
  as_postgres "$bin/pg_ctl" -D "$work/pg" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
start_cluster() {
  mkdir "$work/pg" "$work/socket"; if [ "$(id -u)" = 0 ]; then chown postgres "$work/pg" "$work/socket"; fi
  as_postgres "$bin/initdb" -D "$work/pg" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
  as_postgres "$bin/pg_ctl" -D "$work/pg" -l "$work/pg/server.log" -o "-p $port -k $work/socket -c listen_addresses=127.0.0.1 -c max_connections=300 ${PG_EXTRA_OPTS:-}" -w start >/dev/null
}
psql_() { "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -qAt "$@"; }
