# shellcheck shell=bash
# Helpers shared by the deploy/local scripts. Sourced after env.sh.

PULSE_LOCAL_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
export PULSE_LOCAL_DIR

mkdir -p "$PULSE_STACK_DIR" "$PULSE_LOG_DIR"

log() { printf '%s [%s] %s\n' "$(date +%H:%M:%S)" "${PULSE_COMPONENT:-stack}" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# Runs a command as root (directly, or via non-interactive sudo).
as_root() {
  if [[ $EUID -eq 0 ]]; then "$@"; else sudo -n "$@"; fi
}

# Runs a command as the OS user postgres (peer authentication over the socket).
as_postgres() {
  if [[ $EUID -eq 0 ]]; then
    runuser -u postgres -- "$@"
  elif [[ $(id -un) == postgres ]]; then
    "$@"
  else
    sudo -n -u postgres "$@"
  fi
}

# port_open HOST PORT: 0 when something accepts TCP connections there.
port_open() {
  local host=$1 port=$2
  (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null
}

# pid_alive PIDFILE [PATTERN]: 0 when the pid in PIDFILE runs (and its command line matches PATTERN).
pid_alive() {
  local pidfile=$1 pattern=${2:-} pid
  [[ -s $pidfile ]] || return 1
  pid=$(<"$pidfile")
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  if [[ -n $pattern ]]; then
    tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q -- "$pattern" || return 1
  fi
  return 0
}

# stop_pid PIDFILE PATTERN NAME [TIMEOUT]: SIGTERM, wait, SIGKILL after TIMEOUT seconds.
stop_pid() {
  local pidfile=$1 pattern=$2 name=$3 timeout=${4:-60} pid i
  if ! pid_alive "$pidfile" "$pattern"; then
    log "$name is not running"
    rm -f "$pidfile"
    return 0
  fi
  pid=$(<"$pidfile")
  log "stopping $name (pid $pid)"
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < timeout * 5; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.2
  done
  if kill -0 "$pid" 2>/dev/null; then
    log "$name did not stop within ${timeout}s; killing it"
    kill -KILL "$pid" 2>/dev/null || true
    while kill -0 "$pid" 2>/dev/null; do sleep 0.2; done
  fi
  rm -f "$pidfile"
  log "$name stopped"
}

# wait_until TIMEOUT DESCRIPTION CMD...: polls CMD every half second.
wait_until() {
  local timeout=$1 what=$2 start=$SECONDS
  shift 2
  until "$@"; do
    if ((SECONDS - start >= timeout)); then
      log "timed out after ${timeout}s waiting for $what"
      return 1
    fi
    sleep 0.5
  done
}

# Keeps the previous log as NAME.log.1 so each start begins a fresh log.
rotate_log() {
  local file=$1
  if [[ -s $file ]]; then mv -f "$file" "$file.1"; fi
}

# mvn in batch mode, quiet unless PULSE_VERBOSE is set.
pulse_mvn() {
  local args=(-B --no-transfer-progress)
  [[ -n ${PULSE_VERBOSE:-} ]] || args+=(-q)
  # MAVEN_BASEDIR stops mvn from walking up into the repository's own .mvn/ settings.
  MAVEN_BASEDIR="$PWD" mvn "${args[@]}" "$@"
}

usage_component() {
  echo "usage: $(basename "$0") {up|down|status}" >&2
  exit 2
}
