#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Debian's Chromium for the browser tests (deploy/system-tests drives it with playwright-core; no browser download).
#   browser.sh up       install the `chromium` package when /usr/bin/chromium is missing (idempotent)
#   browser.sh status   exit 0 when /usr/bin/chromium runs
set -euo pipefail

# shellcheck source=env.sh
. "$(dirname "${BASH_SOURCE[0]}")/env.sh"
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
PULSE_COMPONENT=browser

CHROMIUM=/usr/bin/chromium

installed() { [[ -x $CHROMIUM ]] && "$CHROMIUM" --version >/dev/null 2>&1; }

cmd_up() {
  if installed; then
    log "$("$CHROMIUM" --version) at $CHROMIUM"
    return 0
  fi
  log "installing Debian's chromium (log: $PULSE_LOG_DIR/browser-install.log)"
  {
    as_root apt-get update -q
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -q --no-install-recommends chromium fonts-dejavu-core
  } >>"$PULSE_LOG_DIR/browser-install.log" 2>&1 || die "apt-get failed; see $PULSE_LOG_DIR/browser-install.log"
  installed || die "chromium was installed but does not run; see $PULSE_LOG_DIR/browser-install.log"
  log "$("$CHROMIUM" --version) at $CHROMIUM"
}

cmd_status() {
  if installed; then
    echo "browser: $("$CHROMIUM" --version)"
  else
    echo "browser: not installed"
    return 1
  fi
}

case "${1:-}" in
  up) cmd_up ;;
  status) cmd_status ;;
  *) echo "usage: $(basename "$0") {up|status}" >&2; exit 2 ;;
esac
