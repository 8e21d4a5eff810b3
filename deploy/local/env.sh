# shellcheck shell=bash
# Local stack settings. Sourced by every deploy/local script; also fine to source
# in an interactive shell (`. deploy/local/env.sh`) to get the same variables.
# Every value can be overridden from the environment.
# Deliberately no `set -e` here: the scripts set their own shell options.

# --- where everything lives -------------------------------------------------
# downloads, data, logs (HOME may be unset in minimal CI environments)
export PULSE_STACK_DIR="${PULSE_STACK_DIR:-${HOME:-$(getent passwd "$(id -u)" | cut -d: -f6)}/.pulse-stack}"
export PULSE_LOG_DIR="${PULSE_LOG_DIR:-$PULSE_STACK_DIR/logs}"

# --- PostgreSQL 15 + pgvector ------------------------------------------------
export PULSE_PG_VERSION="${PULSE_PG_VERSION:-15}"
export PULSE_PG_CLUSTER="${PULSE_PG_CLUSTER:-main}"
export PULSE_DB_HOST="${PULSE_DB_HOST:-127.0.0.1}"
export PULSE_DB_PORT="${PULSE_DB_PORT:-5432}"
export PULSE_DB_NAME="${PULSE_DB_NAME:-pulse}"
# the test suite's own database and Kafka topic prefix: tests never write the product's data
export PULSE_DB_TEST_NAME="${PULSE_DB_TEST_NAME:-pulse_test}"
export PULSE_TEST_TOPIC_PREFIX="${PULSE_TEST_TOPIC_PREFIX:-test.}"
# scratch database that migration tests empty and rebuild (TestDatabase.MIGRATIONS_SCRATCH)
export PULSE_DB_SCRATCH_NAME="${PULSE_DB_SCRATCH_NAME:-pulse_test_migrations}"
# The system tests' fault drills run a deployment of their own on it (with its own broker).
export PULSE_DB_DRILL_NAME="${PULSE_DB_DRILL_NAME:-pulse_test_drills}"
# The ingestion benchmark runs a deployment of its own on it, emptied before each run (TestDatabase.INGEST_BENCH).
export PULSE_DB_INGEST_BENCH_NAME="${PULSE_DB_INGEST_BENCH_NAME:-pulse_bench_ingest}"
# owns the schema, runs the Flyway migrations
export PULSE_DB_OWNER_USER="${PULSE_DB_OWNER_USER:-pulse_owner}"
export PULSE_DB_OWNER_PASSWORD="${PULSE_DB_OWNER_PASSWORD:-pulse_owner_pw}"
# the application role: LOGIN, not owner, NOSUPERUSER, NOBYPASSRLS (row-level security applies)
export PULSE_DB_APP_USER="${PULSE_DB_APP_USER:-pulse_app}"
export PULSE_DB_APP_PASSWORD="${PULSE_DB_APP_PASSWORD:-pulse_app_pw}"
# background work (consumers, schedulers): LOGIN, NOSUPERUSER, NOBYPASSRLS
export PULSE_DB_SERVICE_USER="${PULSE_DB_SERVICE_USER:-pulse_service}"
export PULSE_DB_SERVICE_PASSWORD="${PULSE_DB_SERVICE_PASSWORD:-pulse_service_pw}"
export PULSE_PG_MIN_MAX_CONNECTIONS="${PULSE_PG_MIN_MAX_CONNECTIONS:-200}"
# pgvector is built from this Debian suite's source package when vector.control is missing
export PULSE_PGVECTOR_SUITE="${PULSE_PGVECTOR_SUITE:-trixie}"
export PULSE_DEBIAN_MIRROR="${PULSE_DEBIAN_MIRROR:-http://deb.debian.org/debian}"

# --- Kafka (KRaft, single node) ---------------------------------------------
export PULSE_KAFKA_VERSION="${PULSE_KAFKA_VERSION:-4.1.2}"
# the broker's config, data and pid file (the jars always live in $PULSE_STACK_DIR/kafka/libs)
export PULSE_KAFKA_HOME="${PULSE_KAFKA_HOME:-$PULSE_STACK_DIR/kafka}"
export PULSE_KAFKA_PORT="${PULSE_KAFKA_PORT:-9092}"
export PULSE_KAFKA_CONTROLLER_PORT="${PULSE_KAFKA_CONTROLLER_PORT:-9093}"
export PULSE_KAFKA_HEAP="${PULSE_KAFKA_HEAP:--Xmx512m -Xms128m}"
export KAFKA_BOOTSTRAP_SERVERS="${KAFKA_BOOTSTRAP_SERVERS:-127.0.0.1:$PULSE_KAFKA_PORT}"

# --- Keycloak ----------------------------------------------------------------
export PULSE_KEYCLOAK_VERSION="${PULSE_KEYCLOAK_VERSION:-26.5.6}"
export PULSE_KEYCLOAK_PORT="${PULSE_KEYCLOAK_PORT:-8180}"
export PULSE_KEYCLOAK_URL="${PULSE_KEYCLOAK_URL:-http://127.0.0.1:$PULSE_KEYCLOAK_PORT}"
export PULSE_KEYCLOAK_REALM="${PULSE_KEYCLOAK_REALM:-pulse}"
export PULSE_OIDC_ISSUER="${PULSE_OIDC_ISSUER:-$PULSE_KEYCLOAK_URL/realms/$PULSE_KEYCLOAK_REALM}"
export PULSE_KEYCLOAK_ADMIN_USER="${PULSE_KEYCLOAK_ADMIN_USER:-${KEYCLOAK_ADMIN:-admin}}"
export PULSE_KEYCLOAK_ADMIN_PASSWORD="${PULSE_KEYCLOAK_ADMIN_PASSWORD:-${KEYCLOAK_ADMIN_PASSWORD:-admin}}"
export PULSE_KEYCLOAK_HEAP="${PULSE_KEYCLOAK_HEAP:--Xms64m -Xmx512m}"
export PULSE_KEYCLOAK_START_TIMEOUT="${PULSE_KEYCLOAK_START_TIMEOUT:-180}"

# --- Java for Kafka / Keycloak ----------------------------------------------
# Uses JAVA_HOME when set, else `java` on PATH (JDK 17 on these machines).
export PULSE_JAVA="${PULSE_JAVA:-${JAVA_HOME:+$JAVA_HOME/bin/}java}"
