#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Runs the product on a fresh machine: brings up the local stack, builds the three services and starts them
# (evidence-service first: it applies the schema migrations). Stays in the foreground; Ctrl-C stops the services
# (the stack keeps running; `deploy/local/stack.sh down` stops it).
#   run.sh            build, start, follow the logs
#   run.sh --no-build start what was built before
#   run.sh --demo     also load demo evidence for alice (deploy/local/demo-data.sh; once, idempotent)
# The web app is served by evidence-service at http://127.0.0.1:8081/ (it proxies the other services' API paths).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
# shellcheck source=env.sh
. "$HERE/env.sh"
# shellcheck source=lib.sh
. "$HERE/lib.sh"
PULSE_COMPONENT=run

build=true
demo=false
for arg in "$@"; do
  case $arg in
    --no-build) build=false ;;
    --demo) demo=true ;;
    *) die "unknown option $arg (use --no-build, --demo)" ;;
  esac
done

"$HERE/stack.sh" up

if [[ $build == true ]]; then
  log "building (mvn package, tests skipped)"
  (cd "$ROOT" && mvn -B -ntp -q package -DskipTests)
fi

# sync-service encrypts source tokens and refuses to start without a key: keep one per machine, outside the repo.
if [[ -z ${PULSE_SYNC_CRYPTO_KEY:-} ]]; then
  key_file="$PULSE_STACK_DIR/secrets/sync-crypto-key"
  if [[ ! -s $key_file ]]; then
    mkdir -p "$(dirname "$key_file")"
    (umask 077 && openssl rand -base64 32 >"$key_file")
    log "generated the token encryption key $key_file"
  fi
  PULSE_SYNC_CRYPTO_KEY=$(<"$key_file")
  export PULSE_SYNC_CRYPTO_KEY
fi

declare -A PORTS=([evidence-service]=8081 [insight-service]=8082 [sync-service]=8083)
# Health and metrics live on each service's management interface (not on the API port); one port per service here.
declare -A MANAGEMENT_PORTS=([evidence-service]=9081 [insight-service]=9082 [sync-service]=9083)
pids=()

stop_all() {
  log "stopping services"
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop_all EXIT INT TERM

start() {
  local module=$1 port=${PORTS[$1]} management=${MANAGEMENT_PORTS[$1]} jar="$ROOT/$1/target/quarkus-app/quarkus-run.jar"
  [[ -f $jar ]] || die "$jar is missing: run without --no-build"
  log "starting $module on 127.0.0.1:$port, health and metrics on :$management (log: $PULSE_LOG_DIR/$module.log)"
  # shellcheck disable=SC2086 # the heap option list is meant to split
  PULSE_MANAGEMENT_PORT=$management java ${PULSE_SERVICE_HEAP:--Xmx768m} -jar "$jar" >"$PULSE_LOG_DIR/$module.log" 2>&1 &
  pids+=($!)
  local i
  for ((i = 0; i < 120; i++)); do
    if curl -fsS "http://127.0.0.1:$management/q/health/ready" >/dev/null 2>&1; then
      log "$module is ready"
      return 0
    fi
    kill -0 "${pids[-1]}" 2>/dev/null || die "$module exited; see $PULSE_LOG_DIR/$module.log"
    sleep 1
  done
  die "$module did not become ready in 120 s; see $PULSE_LOG_DIR/$module.log"
}

start evidence-service
start insight-service
start sync-service

log "PerformancePulse is up: evidence :8081, insight :8082, sync :8083 (health and metrics :9081-9083); OIDC issuer $PULSE_OIDC_ISSUER"
if [[ $demo == true ]]; then
  "$HERE/demo-data.sh" alice || log "demo data could not be loaded; see above"
fi
log "Open the web app: http://127.0.0.1:${PORTS[evidence-service]}/  (demo login: alice / alice-pw; also bob / bob-pw)"
[[ $demo == true ]] || log "For a populated first look, run deploy/local/demo-data.sh (or start with run.sh --demo)"
log "Ctrl-C stops the services"
tail -n 0 -F "$PULSE_LOG_DIR/evidence-service.log" "$PULSE_LOG_DIR/insight-service.log" "$PULSE_LOG_DIR/sync-service.log" &
pids+=($!)
wait "${pids[0]}"
