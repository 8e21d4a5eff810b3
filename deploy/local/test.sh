#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# The whole test suite on a fresh machine: brings up the local stack (installing what is missing), then runs every
# module's tests against it. Extra arguments go to Maven (e.g. `-pl common`).
#   CI=true   check formatting instead of applying it
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
# shellcheck source=env.sh
. "$HERE/env.sh"

"$HERE/stack.sh" up

format_goal=apply
[[ ${CI:-false} == true ]] && format_goal=check

cd "$ROOT"
exec mvn -B -ntp "-Dformat.goal=$format_goal" verify "$@"
