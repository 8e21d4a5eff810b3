-- PerformancePulse database bootstrap. Idempotent: safe to run any number of times.
--
-- Run as a SUPERUSER (CREATE EXTENSION vector needs one: pgvector is not a trusted extension),
-- connected to the `postgres` database, with these psql variables:
--   owner_user owner_password app_user app_password service_user service_password db_name test_db_name
-- Used by deploy/local/postgres.sh (local cluster) and deploy/docker/postgres-init/ (docker compose).
--
-- Roles
--   owner_user    owns both databases and their schema objects; runs the Flyway migrations
--   app_user      the application: LOGIN, not an owner, NOSUPERUSER, NOBYPASSRLS
--   service_user  background work: LOGIN, NOSUPERUSER, NOBYPASSRLS
-- Table privileges are granted by the migrations themselves (no ALTER DEFAULT PRIVILEGES here).

\set ON_ERROR_STOP on
SET client_min_messages = warning;

-- ---------------------------------------------------------------- roles
SELECT format('CREATE ROLE %I', :'owner_user')
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'owner_user') \gexec
SELECT format('CREATE ROLE %I', :'app_user')
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'app_user') \gexec
SELECT format('CREATE ROLE %I', :'service_user')
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'service_user') \gexec

-- ALTER on every run, so changed passwords and attributes apply.
ALTER ROLE :"owner_user"   WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD :'owner_password';
ALTER ROLE :"app_user"     WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD :'app_password';
ALTER ROLE :"service_user" WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD :'service_password';

-- ---------------------------------------------------------------- databases
SELECT format('CREATE DATABASE %I OWNER %I ENCODING %L TEMPLATE template0', :'db_name', :'owner_user', 'UTF8')
 WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'db_name') \gexec
SELECT format('CREATE DATABASE %I OWNER %I ENCODING %L TEMPLATE template0', :'test_db_name', :'owner_user', 'UTF8')
 WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'test_db_name') \gexec

ALTER DATABASE :"db_name" OWNER TO :"owner_user";
ALTER DATABASE :"test_db_name" OWNER TO :"owner_user";
REVOKE CONNECT ON DATABASE :"db_name" FROM PUBLIC;
REVOKE CONNECT ON DATABASE :"test_db_name" FROM PUBLIC;
GRANT CONNECT ON DATABASE :"db_name" TO :"app_user", :"service_user";
GRANT CONNECT ON DATABASE :"test_db_name" TO :"app_user", :"service_user";

-- ---------------------------------------------------------------- main database
\connect :"db_name"
\set ON_ERROR_STOP on
SET client_min_messages = warning;
CREATE SCHEMA IF NOT EXISTS public AUTHORIZATION :"owner_user";
CREATE EXTENSION IF NOT EXISTS vector WITH SCHEMA public;
CREATE EXTENSION IF NOT EXISTS pgcrypto WITH SCHEMA public;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO :"app_user", :"service_user";

-- ---------------------------------------------------------------- migration-test database
-- A migration test applies all migrations to this empty database and may wipe the contents
-- of schema public, so the owner role owns that schema here.
-- Note: `DROP SCHEMA public CASCADE` also drops the vector extension, which only a superuser
-- can create again; re-run this script (deploy/local/postgres.sh up) or reset-test-db then.
\connect :"test_db_name"
\set ON_ERROR_STOP on
SET client_min_messages = warning;
CREATE SCHEMA IF NOT EXISTS public AUTHORIZATION :"owner_user";
ALTER SCHEMA public OWNER TO :"owner_user";
CREATE EXTENSION IF NOT EXISTS vector WITH SCHEMA public;
CREATE EXTENSION IF NOT EXISTS pgcrypto WITH SCHEMA public;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO :"app_user", :"service_user";

\connect postgres
