#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# The whole test suite on a fresh machine: brings up the local stack (installing what is missing), then runs every
# module's tests against it. Extra arguments go to Maven (e.g. `-pl common`).
#   CI=true           check formatting instead of applying it
#   PULSE_NATIVE=true also build every service as a native executable and run its *IT tests against it (long: some
#                     15 minutes of native-image per service). With GRAALVM_HOME set, that GraalVM or Mandrel builds
#                     it; otherwise Quarkus' official builder image does (quarkus.native.container-build, needs Docker
#                     or Podman).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
# shellcheck source=env.sh
. "$HERE/env.sh"

"$HERE/stack.sh" up

format_goal=apply
[[ ${CI:-false} == true ]] && format_goal=check

native=()
if [[ ${PULSE_NATIVE:-false} == true ]]; then
  native=(-Dnative)
  if [[ -n ${GRAALVM_HOME:-} ]]; then
    native+=("-Dquarkus.native.graalvm-home=$GRAALVM_HOME" -Dquarkus.native.container-build=false)
  else
    native+=(-Dquarkus.native.container-build=true)
  fi
fi

cd "$ROOT"
exec mvn -B -ntp "-Dformat.goal=$format_goal" "${native[@]}" verify "$@"
