#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Keycloak (dev mode) with the `pulse` realm, for the local stack.
#   keycloak.sh up                    download + unzip if missing, import the realm, start, wait for the issuer
#   keycloak.sh down                  stop and wait
#   keycloak.sh status                exit 0 when the issuer's discovery document answers
#   keycloak.sh token USER [PASSWORD] print an access token (password grant via client pulse-cli);
#                                     PASSWORD defaults to USER-pw (alice/alice-pw, morgan/morgan-pw, bob/bob-pw)
# The realm file deploy/local/keycloak/pulse-realm.json is the source of truth: when it changes,
# `up` resets Keycloak's dev database so the realm is imported afresh.
set -euo pipefail

# shellcheck source=env.sh
. "$(dirname "${BASH_SOURCE[0]}")/env.sh"
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
PULSE_COMPONENT=keycloak

VERSION=$PULSE_KEYCLOAK_VERSION
KC_HOME=$PULSE_STACK_DIR/keycloak-$VERSION
ZIP=$PULSE_STACK_DIR/downloads/keycloak-quarkus-dist-$VERSION.zip
REALM_SRC=$PULSE_LOCAL_DIR/keycloak/pulse-realm.json
REALM_HASH_FILE=$KC_HOME/data/.pulse-realm.sha256
PIDFILE=$PULSE_STACK_DIR/keycloak.pid
LOG=$PULSE_LOG_DIR/keycloak.log
PATTERN="$KC_HOME/bin/"   # matches kc.sh and, after a re-exec, java's -Dkc.home.dir
DISCOVERY=$PULSE_OIDC_ISSUER/.well-known/openid-configuration
TOKEN_URL=$PULSE_OIDC_ISSUER/protocol/openid-connect/token

ensure_dist() {
  [[ -x $KC_HOME/bin/kc.sh ]] && return 0
  if [[ ! -s $ZIP ]]; then
    log "downloading org.keycloak:keycloak-quarkus-dist:$VERSION:zip (log: $PULSE_LOG_DIR/keycloak-download.log)"
    mkdir -p "$(dirname "$ZIP")"
    (cd "$PULSE_LOCAL_DIR/keycloak" && pulse_mvn org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
      -Dartifact="org.keycloak:keycloak-quarkus-dist:$VERSION:zip" -DoutputDirectory="$(dirname "$ZIP")") \
      >>"$PULSE_LOG_DIR/keycloak-download.log" 2>&1 || die "download failed; see $PULSE_LOG_DIR/keycloak-download.log"
  fi
  log "unpacking $ZIP"
  local tmp=$PULSE_STACK_DIR/.keycloak-unzip
  rm -rf "$tmp"
  mkdir -p "$tmp"
  unzip -q "$ZIP" -d "$tmp"
  [[ -x $tmp/keycloak-$VERSION/bin/kc.sh ]] || die "unexpected zip layout in $ZIP"
  rm -rf "$KC_HOME"
  mv "$tmp/keycloak-$VERSION" "$KC_HOME"
  rm -rf "$tmp"
}

realm_hash() { sha256sum "$REALM_SRC" | cut -d' ' -f1; }

realm_changed() { [[ ! -f $REALM_HASH_FILE || $(<"$REALM_HASH_FILE") != "$(realm_hash)" ]]; }

# Copies the realm into data/import; resets the dev database when the realm file changed
# (--import-realm skips realms that already exist). Keycloak must be stopped.
prepare_realm() {
  mkdir -p "$KC_HOME/data/import"
  if realm_changed; then
    if [[ -d $KC_HOME/data/h2 ]]; then
      log "realm file changed: resetting Keycloak's dev database so the realm is imported afresh"
      rm -rf "$KC_HOME/data/h2"
    fi
    cp -f "$REALM_SRC" "$KC_HOME/data/import/pulse-realm.json"
  fi
}

discovery_ok() {
  [[ $(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$DISCOVERY" 2>/dev/null) == 200 ]]
}

alive_or_fail() {
  # no pattern here: right after the start the process may not have exec'd kc.sh yet
  pid_alive "$PIDFILE" || { log "keycloak exited; last log lines:"; tail -n 40 "$LOG" >&2; exit 1; }
  discovery_ok
}

adopt_running() {
  pid_alive "$PIDFILE" "$PATTERN" && return 0
  local pid
  pid=$(pgrep -f -- "$KC_HOME/bin/kc.sh" | head -n 1 || true)
  [[ -n $pid ]] || pid=$(pgrep -f -- "-Dkc.home.dir=$KC_HOME/bin/" | head -n 1 || true)
  if [[ -n $pid ]]; then
    echo "$pid" >"$PIDFILE"
    return 0
  fi
  rm -f "$PIDFILE"
  return 1
}

cmd_up() {
  local start=$SECONDS
  ensure_dist
  if adopt_running; then
    if realm_changed; then
      log "realm file changed: restarting to import it"
      stop_pid "$PIDFILE" "$PATTERN" keycloak 60
    else
      wait_until "$PULSE_KEYCLOAK_START_TIMEOUT" "$DISCOVERY" alive_or_fail || die "keycloak is running but not ready; see $LOG"
      log "already running (pid $(<"$PIDFILE")): $PULSE_OIDC_ISSUER"
      return 0
    fi
  fi
  port_open 127.0.0.1 "$PULSE_KEYCLOAK_PORT" && die "port $PULSE_KEYCLOAK_PORT is taken by another process"
  prepare_realm
  rotate_log "$LOG"
  log "starting Keycloak $VERSION on $PULSE_KEYCLOAK_URL (log: $LOG)"
  # setsid: own session, so Keycloak outlives the shell (and process group) that started it.
  KC_BOOTSTRAP_ADMIN_USERNAME=$PULSE_KEYCLOAK_ADMIN_USER \
    KC_BOOTSTRAP_ADMIN_PASSWORD=$PULSE_KEYCLOAK_ADMIN_PASSWORD \
    JAVA_OPTS_KC_HEAP=$PULSE_KEYCLOAK_HEAP \
    JAVA=$PULSE_JAVA \
    setsid nohup "$KC_HOME/bin/kc.sh" start-dev \
    --http-host=127.0.0.1 --http-port="$PULSE_KEYCLOAK_PORT" \
    --hostname="$PULSE_KEYCLOAK_URL" \
    --import-realm >>"$LOG" 2>&1 </dev/null &
  echo $! >"$PIDFILE"
  wait_until "$PULSE_KEYCLOAK_START_TIMEOUT" "$DISCOVERY" alive_or_fail || die "keycloak did not become ready; see $LOG"
  realm_hash >"$REALM_HASH_FILE"
  log "ready: issuer $PULSE_OIDC_ISSUER (pid $(<"$PIDFILE"), up took $((SECONDS - start))s)"
}

cmd_down() {
  adopt_running || true
  stop_pid "$PIDFILE" "$PATTERN" keycloak 60
}

cmd_status() {
  if adopt_running && discovery_ok; then
    echo "keycloak: running ($PULSE_OIDC_ISSUER, pid $(<"$PIDFILE"))"
  else
    echo "keycloak: stopped"
    return 1
  fi
}

cmd_token() {
  local user=${1:?usage: keycloak.sh token USER [PASSWORD]} pw=${2:-${1}-pw} body
  body=$(curl -sS --fail-with-body -X POST "$TOKEN_URL" \
    --data-urlencode grant_type=password --data-urlencode client_id=pulse-cli \
    --data-urlencode "username=$user" --data-urlencode "password=$pw" --data-urlencode scope=openid) ||
    die "token request failed: $body"
  jq -er .access_token <<<"$body"
}

case "${1:-}" in
  up) cmd_up ;;
  down) cmd_down ;;
  status) cmd_status ;;
  token) shift; cmd_token "$@" ;;
  *) echo "usage: $(basename "$0") {up|down|status|token USER [PASSWORD]}" >&2; exit 2 ;;
esac
