#!/usr/bin/env bash
# docker-entrypoint-initdb.d hook of the pgvector/pgvector:pg15 image (docker-compose.yml): creates the
# PerformancePulse roles, databases and extensions with the SQL that deploy/local/postgres.sh uses too
# (deploy/local/sql/bootstrap.sql, mounted at /pulse-sql). Runs once, on an empty data volume.
set -euo pipefail

psql -X -q -v ON_ERROR_STOP=1 --username "${POSTGRES_USER:-postgres}" --dbname postgres \
  -v owner_user="${PULSE_DB_OWNER_USER:-pulse_owner}" -v owner_password="${PULSE_DB_OWNER_PASSWORD:-pulse_owner_pw}" \
  -v app_user="${PULSE_DB_APP_USER:-pulse_app}" -v app_password="${PULSE_DB_APP_PASSWORD:-pulse_app_pw}" \
  -v service_user="${PULSE_DB_SERVICE_USER:-pulse_service}" -v service_password="${PULSE_DB_SERVICE_PASSWORD:-pulse_service_pw}" \
  -v db_name="${PULSE_DB_NAME:-pulse}" -v test_db_name="${PULSE_DB_SCRATCH_NAME:-pulse_test_migrations}" \
  -f /pulse-sql/bootstrap.sql
