#!/usr/bin/env bash
# Refreshes docs/screenshots/*.png: runs the browser journey (WebAppJourneyTest) against freshly packaged services
# and writes each screen's screenshot there. Needs the local stack (deploy/local/stack.sh up).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
mvn -B -ntp -q -pl evidence-service,insight-service,sync-service package -DskipTests
mvn -B -ntp -pl deploy/system-tests verify -Dtest=WebAppJourneyTest -Dsurefire.failIfNoSpecifiedTests=false \
  "-Dpulse.screenshots=$ROOT/docs/screenshots"
echo "screenshots in $ROOT/docs/screenshots; measurements in deploy/system-tests/target/web-journey-result.json"
