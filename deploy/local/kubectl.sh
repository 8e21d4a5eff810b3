#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# A kubectl with built-in kustomize, to render deploy/k8s (KubernetesManifestsTest in deploy/system-tests; no cluster
# is needed). Any kubectl from 1.14 on has `kubectl kustomize`; the manifests are kept readable by the oldest one this
# installs, Debian bookworm's kubernetes-client (kubectl 1.20, kustomize v2.0.3).
#   kubectl.sh up       install Debian's kubernetes-client when no working `kubectl kustomize` is on PATH (idempotent)
#   kubectl.sh status   exit 0 when `kubectl kustomize` works
set -euo pipefail

# shellcheck source=env.sh
. "$(dirname "${BASH_SOURCE[0]}")/env.sh"
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
PULSE_COMPONENT=kubectl

installed() { command -v kubectl >/dev/null 2>&1 && kubectl kustomize --help >/dev/null 2>&1; }

version() { kubectl version --client 2>/dev/null | head -n 2 | tr '\n' ' '; }

cmd_up() {
  if installed; then
    log "$(version)at $(command -v kubectl)"
    return 0
  fi
  mkdir -p "$PULSE_LOG_DIR"
  log "installing Debian's kubernetes-client (log: $PULSE_LOG_DIR/kubectl-install.log)"
  {
    as_root apt-get update -q
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -q --no-install-recommends kubernetes-client
  } >>"$PULSE_LOG_DIR/kubectl-install.log" 2>&1 || die "apt-get failed; see $PULSE_LOG_DIR/kubectl-install.log"
  installed || die "kubernetes-client was installed but \`kubectl kustomize\` does not run; see $PULSE_LOG_DIR/kubectl-install.log"
  log "$(version)at $(command -v kubectl)"
}

cmd_status() {
  if installed; then
    echo "kubectl: $(version)"
  else
    echo "kubectl: no kubectl with kustomize"
    return 1
  fi
}

case "${1:-}" in
  up) cmd_up ;;
  status) cmd_status ;;
  *) echo "usage: $(basename "$0") {up|status}" >&2; exit 2 ;;
esac
