#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster in a temp dir on a free loopback port, for tests and benchmarks.
#   source scripts/pg-server.sh   -> exports DATABASE_URL and PG_TMP; call pg_server_stop to end it.
# Installs Debian's postgresql when no server binary is found (needs root, as CI is).
set -euo pipefail

pg_bin_dir() {
  local initdb
  initdb=$(ls -d /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n 1 || true)
  [ -n "$initdb" ] && dirname "$initdb"
}

if [ -z "$(pg_bin_dir)" ]; then
  echo "installing Debian's postgresql..." >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get -o DPkg::Lock::Timeout=300 update -qq >&2
  apt-get -o DPkg::Lock::Timeout=300 install -y -qq postgresql >&2
fi
PG_BIN=$(pg_bin_dir)

PG_TMP=$(mktemp -d /tmp/listgate-pg.XXXXXX)
PG_PORT=$(node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
RUN_AS=()
if [ "$(id -u)" = 0 ]; then
  chown postgres "$PG_TMP"
  RUN_AS=(runuser -u postgres --)
fi
"${RUN_AS[@]}" "$PG_BIN/initdb" -D "$PG_TMP/data" -U listgate --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
"${RUN_AS[@]}" "$PG_BIN/pg_ctl" -D "$PG_TMP/data" -l "$PG_TMP/server.log" -w start \
  -o "-h 127.0.0.1 -p $PG_PORT -k $PG_TMP -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200 -c shared_buffers=512MB -c work_mem=64MB -c maintenance_work_mem=512MB" >/dev/null
"${RUN_AS[@]}" "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U listgate listgate
export DATABASE_URL="postgres://listgate@127.0.0.1:$PG_PORT/listgate"
export PG_TMP PG_BIN
echo "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') running for this run at $DATABASE_URL" >&2

pg_server_stop() {
  "${RUN_AS[@]}" "$PG_BIN/pg_ctl" -D "$PG_TMP/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$PG_TMP"
}
set +e +u +o pipefail
