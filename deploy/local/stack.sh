#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# The whole local stack: PostgreSQL (+pgvector), Kafka (KRaft), Keycloak.
#   stack.sh up     [postgres|kafka|keycloak ...]   start (in that order); a no-op for what already runs
#   stack.sh down   [postgres|kafka|keycloak ...]   stop (in reverse order)
#   stack.sh status [postgres|kafka|keycloak ...]   table; exit 0 only when all named components run
# Without component names all three are meant. Logs: $PULSE_LOG_DIR (default ~/.pulse-stack/logs).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=env.sh
. "$HERE/env.sh"
# shellcheck source=lib.sh
. "$HERE/lib.sh"

ALL=(postgres kafka keycloak)

usage() {
  echo "usage: $(basename "$0") {up|down|status} [postgres|kafka|keycloak ...]" >&2
  exit 2
}

[[ $# -ge 1 ]] || usage
action=$1
shift
case $action in up | down | status) ;; *) usage ;; esac

# Selected components, always in stack order.
selected=()
for c in "${ALL[@]}"; do
  if [[ $# -eq 0 ]]; then
    selected+=("$c")
  else
    for arg in "$@"; do [[ $arg == "$c" ]] && selected+=("$c") && break; done
  fi
done
for arg in "$@"; do
  case $arg in postgres | kafka | keycloak) ;; *) echo "unknown component: $arg" >&2; usage ;; esac
done

endpoint() {
  case $1 in
    postgres) echo "postgresql://$PULSE_DB_HOST:$PULSE_DB_PORT/$PULSE_DB_NAME" ;;
    kafka) echo "$KAFKA_BOOTSTRAP_SERVERS" ;;
    keycloak) echo "$PULSE_OIDC_ISSUER" ;;
  esac
}

case $action in
  up)
    start=$SECONDS
    for c in "${selected[@]}"; do "$HERE/$c.sh" up; done
    PULSE_COMPONENT=stack log "up: ${selected[*]} ($((SECONDS - start))s; logs in $PULSE_LOG_DIR)"
    ;;
  down)
    for ((i = ${#selected[@]} - 1; i >= 0; i--)); do "$HERE/${selected[i]}.sh" down; done
    ;;
  status)
    rc=0
    printf '%-10s %-8s %s\n' COMPONENT STATE ENDPOINT
    for c in "${selected[@]}"; do
      if "$HERE/$c.sh" status >/dev/null 2>&1; then state=running; else state=stopped; rc=1; fi
      printf '%-10s %-8s %s\n' "$c" "$state" "$(endpoint "$c")"
    done
    printf 'logs: %s\n' "$PULSE_LOG_DIR"
    exit "$rc"
    ;;
esac
