#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# PostgreSQL 15 + pgvector for the local stack.
#   postgres.sh up             install if missing, start cluster, bootstrap roles/databases/extensions
#   postgres.sh down           stop the cluster
#   postgres.sh status         exit 0 when the cluster accepts connections
#   postgres.sh reset-test-db  drop and recreate the migration-test database (empty, with extensions)
set -euo pipefail

# shellcheck source=env.sh
. "$(dirname "${BASH_SOURCE[0]}")/env.sh"
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
PULSE_COMPONENT=postgres

PG_VER=$PULSE_PG_VERSION
PG_CLUSTER=$PULSE_PG_CLUSTER
PG_BIN=/usr/lib/postgresql/$PG_VER/bin
PG_CONFIG=$PG_BIN/pg_config
VECTOR_CONTROL=/usr/share/postgresql/$PG_VER/extension/vector.control
SETUP_LOG=$PULSE_LOG_DIR/postgres-setup.log

apt_install() {
  log "apt-get install $* (log: $SETUP_LOG)"
  export DEBIAN_FRONTEND=noninteractive
  if ! as_root apt-get install -y --no-install-recommends "$@" >>"$SETUP_LOG" 2>&1; then
    as_root apt-get update >>"$SETUP_LOG" 2>&1
    as_root apt-get install -y --no-install-recommends "$@" >>"$SETUP_LOG" 2>&1 ||
      die "apt-get install $* failed; see $SETUP_LOG"
  fi
}

missing_packages() {
  local p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || echo "$p"
  done
}

ensure_installed() {
  if [[ ! -x $PG_BIN/postgres ]] || ! command -v pg_ctlcluster >/dev/null; then
    # shellcheck disable=SC2046 # word splitting of package names is intended
    apt_install $(missing_packages "postgresql-$PG_VER" postgresql-common postgresql-client-common "postgresql-client-$PG_VER")
  fi
  if ! pg_lsclusters -h | awk -v v="$PG_VER" -v c="$PG_CLUSTER" '$1 == v && $2 == c { found = 1 } END { exit !found }'; then
    log "creating cluster $PG_VER/$PG_CLUSTER on port $PULSE_DB_PORT"
    as_root pg_createcluster --port "$PULSE_DB_PORT" "$PG_VER" "$PG_CLUSTER" >>"$SETUP_LOG" 2>&1
  fi
  local port
  port=$(cluster_port)
  [[ $port == "$PULSE_DB_PORT" ]] ||
    die "cluster $PG_VER/$PG_CLUSTER listens on port $port but PULSE_DB_PORT=$PULSE_DB_PORT"
}

cluster_port() { pg_lsclusters -h | awk -v v="$PG_VER" -v c="$PG_CLUSTER" '$1 == v && $2 == c { print $3 }'; }
cluster_online() { pg_lsclusters -h | awk -v v="$PG_VER" -v c="$PG_CLUSTER" '$1 == v && $2 == c && $4 ~ /^online/ { found = 1 } END { exit !found }'; }

# pgvector is not packaged for PostgreSQL 15 in bookworm: build it from Debian's (trixie) source package.
ensure_pgvector() {
  [[ -f $VECTOR_CONTROL ]] && return 0
  local start=$SECONDS apt_dir=$PULSE_STACK_DIR/apt work=$PULSE_STACK_DIR/build/pgvector src
  log "pgvector missing: building it from Debian $PULSE_PGVECTOR_SUITE's source package (log: $SETUP_LOG)"
  # shellcheck disable=SC2046 # word splitting of package names is intended
  [[ -z $(missing_packages "postgresql-server-dev-$PG_VER" build-essential dpkg-dev) ]] ||
    apt_install $(missing_packages "postgresql-server-dev-$PG_VER" build-essential dpkg-dev)

  # A private apt configuration (sources, lists, cache) so the system's apt lists stay untouched.
  mkdir -p "$apt_dir/sources.list.d" "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial"
  printf 'deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] %s %s main\n' \
    "$PULSE_DEBIAN_MIRROR" "$PULSE_PGVECTOR_SUITE" >"$apt_dir/sources.list"
  local apt_opts=(
    -o "Dir::Etc::sourcelist=$apt_dir/sources.list"
    -o "Dir::Etc::sourceparts=$apt_dir/sources.list.d"
    -o "Dir::State::Lists=$apt_dir/lists"
    -o "Dir::Cache=$apt_dir/cache"
  )
  as_root apt-get "${apt_opts[@]}" update >>"$SETUP_LOG" 2>&1 || die "apt-get update (private $PULSE_PGVECTOR_SUITE deb-src list) failed; see $SETUP_LOG"
  rm -rf "$work"
  mkdir -p "$work"
  (cd "$work" && as_root apt-get "${apt_opts[@]}" source pgvector) >>"$SETUP_LOG" 2>&1 ||
    die "apt-get source pgvector failed; see $SETUP_LOG"
  src=$(find "$work" -mindepth 1 -maxdepth 1 -type d -name 'pgvector-*' | head -n 1)
  [[ -n $src ]] || die "no pgvector source directory in $work"
  # OPTFLAGS= : no -march=native (portable binary); with_llvm=no : no JIT bitcode (needs clang).
  local make_args=(-C "$src" "PG_CONFIG=$PG_CONFIG" OPTFLAGS= with_llvm=no)
  make "${make_args[@]}" -j"$(nproc)" >>"$SETUP_LOG" 2>&1 || die "building pgvector failed; see $SETUP_LOG"
  as_root make "${make_args[@]}" install >>"$SETUP_LOG" 2>&1 || die "installing pgvector failed; see $SETUP_LOG"
  [[ -f $VECTOR_CONTROL ]] || die "pgvector installed but $VECTOR_CONTROL is missing"
  log "pgvector $(basename "$src") installed in $((SECONDS - start))s"
}

psql_super() { as_postgres psql -X -q -v ON_ERROR_STOP=1 -p "$PULSE_DB_PORT" "$@"; }

start_cluster() {
  if ! cluster_online; then
    log "starting cluster $PG_VER/$PG_CLUSTER"
    as_root pg_ctlcluster "$PG_VER" "$PG_CLUSTER" start >>"$SETUP_LOG" 2>&1 ||
      die "pg_ctlcluster start failed; see $SETUP_LOG and /var/log/postgresql/postgresql-$PG_VER-$PG_CLUSTER.log"
  fi
  wait_until 60 "postgres to accept connections" \
    "$PG_BIN/pg_isready" -q -h /var/run/postgresql -p "$PULSE_DB_PORT" || die "postgres is not ready"
  ln -sfn "/var/log/postgresql/postgresql-$PG_VER-$PG_CLUSTER.log" "$PULSE_LOG_DIR/postgresql.log"
}

ensure_max_connections() {
  local current
  current=$(psql_super -d postgres -At -c 'SHOW max_connections')
  if ((current < PULSE_PG_MIN_MAX_CONNECTIONS)); then
    log "raising max_connections $current -> $PULSE_PG_MIN_MAX_CONNECTIONS (restart)"
    psql_super -d postgres -c "ALTER SYSTEM SET max_connections = $PULSE_PG_MIN_MAX_CONNECTIONS"
    as_root pg_ctlcluster "$PG_VER" "$PG_CLUSTER" restart >>"$SETUP_LOG" 2>&1 || die "restart failed; see $SETUP_LOG"
    wait_until 60 "postgres to accept connections" \
      "$PG_BIN/pg_isready" -q -h /var/run/postgresql -p "$PULSE_DB_PORT" || die "postgres is not ready"
  fi
}

# The product's database and the test suite's own one (so tests never touch what run.sh shows a person) get the
# same roles, extensions and grants.
bootstrap() {
  local db
  for db in "$PULSE_DB_NAME" "$PULSE_DB_TEST_NAME"; do
    psql_super -d postgres \
      -v owner_user="$PULSE_DB_OWNER_USER" -v owner_password="$PULSE_DB_OWNER_PASSWORD" \
      -v app_user="$PULSE_DB_APP_USER" -v app_password="$PULSE_DB_APP_PASSWORD" \
      -v service_user="$PULSE_DB_SERVICE_USER" -v service_password="$PULSE_DB_SERVICE_PASSWORD" \
      -v db_name="$db" -v test_db_name="$PULSE_DB_SCRATCH_NAME" \
      -f - <"$PULSE_LOCAL_DIR/sql/bootstrap.sql" >>"$SETUP_LOG" 2>&1 ||
      die "bootstrap.sql failed for $db; see $SETUP_LOG"
  done
}

# Logs in over TCP with scram as each role, proving host/port/passwords work.
check_logins() {
  local user pw
  for user in "$PULSE_DB_OWNER_USER" "$PULSE_DB_APP_USER" "$PULSE_DB_SERVICE_USER"; do
    case $user in
      "$PULSE_DB_OWNER_USER") pw=$PULSE_DB_OWNER_PASSWORD ;;
      "$PULSE_DB_APP_USER") pw=$PULSE_DB_APP_PASSWORD ;;
      *) pw=$PULSE_DB_SERVICE_PASSWORD ;;
    esac
    PGPASSWORD=$pw PGCONNECT_TIMEOUT=5 psql -X -q -At -h "$PULSE_DB_HOST" -p "$PULSE_DB_PORT" -U "$user" \
      -d "$PULSE_DB_NAME" -c 'select 1' >/dev/null 2>>"$SETUP_LOG" ||
      die "TCP login as $user to $PULSE_DB_HOST:$PULSE_DB_PORT/$PULSE_DB_NAME failed (pg_hba.conf needs scram-sha-256 for 127.0.0.1/32); see $SETUP_LOG"
  done
}

cmd_up() {
  local start=$SECONDS
  ensure_installed
  ensure_pgvector
  start_cluster
  ensure_max_connections
  bootstrap
  PULSE_BENCH_DB_NAME=$PULSE_DB_DRILL_NAME cmd_bench_db >/dev/null
  PULSE_BENCH_DB_NAME=$PULSE_DB_INGEST_BENCH_NAME cmd_bench_db >/dev/null
  check_logins
  log "ready: postgresql://$PULSE_DB_HOST:$PULSE_DB_PORT/$PULSE_DB_NAME (up took $((SECONDS - start))s)"
}

cmd_down() {
  if [[ -x $PG_BIN/postgres ]] && cluster_online; then
    log "stopping cluster $PG_VER/$PG_CLUSTER"
    as_root pg_ctlcluster "$PG_VER" "$PG_CLUSTER" stop -m fast >>"$SETUP_LOG" 2>&1
    log "stopped"
  else
    log "not running"
  fi
}

cmd_status() {
  [[ -x $PG_BIN/postgres ]] || { echo "postgres: not installed"; return 1; }
  if cluster_online && "$PG_BIN/pg_isready" -q -h /var/run/postgresql -p "$PULSE_DB_PORT"; then
    echo "postgres: running ($PULSE_DB_HOST:$PULSE_DB_PORT, db $PULSE_DB_NAME)"
  else
    echo "postgres: stopped"
    return 1
  fi
}

cmd_reset_test_db() {
  cluster_online || die "postgres is not running"
  log "recreating database $PULSE_DB_SCRATCH_NAME"
  psql_super -d postgres -c "DROP DATABASE IF EXISTS \"$PULSE_DB_SCRATCH_NAME\" WITH (FORCE)"
  bootstrap
}

# The insight-service benchmark's database (>= 1M rows; kept apart so tests never scan it).
cmd_bench_db() {
  cluster_online || die "postgres is not running"
  local db=${PULSE_BENCH_DB_NAME:-pulse_bench}
  if [[ -z $(psql_super -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'") ]]; then
    log "creating database $db"
    psql_super -d postgres -c "CREATE DATABASE \"$db\" OWNER \"$PULSE_DB_OWNER_USER\""
  fi
  psql_super -d "$db" -c "SET client_min_messages = warning; CREATE EXTENSION IF NOT EXISTS vector" >/dev/null
  psql_super -d postgres -c "GRANT CONNECT ON DATABASE \"$db\" TO \"$PULSE_DB_APP_USER\", \"$PULSE_DB_SERVICE_USER\"" >/dev/null
  log "database $db is ready"
}

case "${1:-}" in
  up) cmd_up ;;
  down) cmd_down ;;
  status) cmd_status ;;
  reset-test-db) cmd_reset_test_db ;;
  bench-db) cmd_bench_db ;;
  *) echo "usage: $(basename "$0") {up|down|status|reset-test-db|bench-db}" >&2; exit 2 ;;
esac
