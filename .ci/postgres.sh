# Sourced by .ci/run (bash). A throwaway PostgreSQL cluster for the storage tests:
# initdb into a temp dir as the `postgres` user (initdb refuses root), listen on
# 127.0.0.1 and a free port, trust auth (nothing but this machine can reach it).
#   pg_up    starts it and exports SWITCHYARD_TEST_PG_URL (an admin URL; tests
#            create and drop their own databases)
#   pg_down  stops it and removes the cluster; safe to call twice

PG_TMP=""
PG_BIN=""

pg_find_bin() {
  # sort -V so that 16 comes after 9.
  local d
  for d in /usr/lib/postgresql/*/bin; do
    if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then echo "$d"; fi
  done | sort -V | tail -1
}

# Runs a command as the cluster's owner: `postgres` when we are root, else ourselves.
pg_as_owner() {
  if [ "$(id -u)" = 0 ]; then
    # From /: the checkout may be in a directory the postgres user cannot enter.
    (cd / && runuser -u postgres -- "$@")
  else
    "$@"
  fi
}

pg_free_port() {
  node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"
}

pg_up() {
  PG_BIN=$(pg_find_bin)
  if [ -z "$PG_BIN" ]; then
    echo "ci: PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin" >&2
    return 1
  fi
  PG_TMP=$(mktemp -d /tmp/switchyard-ci-pg.XXXXXX)
  if [ "$(id -u)" = 0 ]; then chown postgres: "$PG_TMP"; fi
  local port
  port=$(pg_free_port)
  pg_as_owner "$PG_BIN/initdb" -D "$PG_TMP/data" -U postgres --auth=trust -E UTF8 --locale=C >"$PG_TMP/initdb.log" 2>&1 ||
    { cat "$PG_TMP/initdb.log" >&2; return 1; }
  # The socket goes into the temp dir too, so /var/run/postgresql need not exist.
  pg_as_owner "$PG_BIN/pg_ctl" -D "$PG_TMP/data" -l "$PG_TMP/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $PG_TMP -c fsync=off -c max_connections=200" start >/dev/null ||
    { cat "$PG_TMP/server.log" >&2; return 1; }
  export SWITCHYARD_TEST_PG_URL="postgres://postgres@127.0.0.1:$port/postgres"
  echo "ci: PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$port"
}

pg_down() {
  if [ -n "$PG_TMP" ] && [ -d "$PG_TMP/data" ]; then
    pg_as_owner "$PG_BIN/pg_ctl" -D "$PG_TMP/data" -m fast -w stop >/dev/null 2>&1 || true
  fi
  if [ -n "$PG_TMP" ]; then rm -rf "$PG_TMP"; fi
  PG_TMP=""
}
