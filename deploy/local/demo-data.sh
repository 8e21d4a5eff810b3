#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Loads realistic demo evidence for the demo user alice (alice / alice-pw) into the running product, so a newcomer
# sees a populated timeline, search and insights within a minute. Idempotent: does nothing when alice already has
# demo items. Needs the services of run.sh (`run.sh --demo` calls this once they are ready).
#   demo-data.sh [USER [PASSWORD]]      default alice / alice-pw
# PULSE_APP_URL (default http://127.0.0.1:8081) is the app's address: evidence-service, which proxies the others.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=env.sh
. "$HERE/env.sh"
# shellcheck source=lib.sh
. "$HERE/lib.sh"
PULSE_COMPONENT=demo

APP=${PULSE_APP_URL:-http://127.0.0.1:8081}
USER_NAME=${1:-alice}
TOKEN=$("$HERE/keycloak.sh" token "$USER_NAME" "${2:-$USER_NAME-pw}")
DATA=$HERE/demo/evidence.json

api() { # METHOD PATH [BODY]
  curl -sS --fail-with-body -X "$1" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
    "$APP$2" ${3:+--data-binary "$3"}
}

if [[ $(api GET '/api/v1/evidence?tag=demo&limit=1' | jq '.items | length') -gt 0 ]]; then
  log "$USER_NAME already has the demo evidence; nothing to do"
  exit 0
fi

count=$(jq length "$DATA")
log "adding $count demo items for $USER_NAME"
ids=()
for ((i = 0; i < count; i++)); do
  body=$(jq -c --argjson i "$i" '.[$i] | .occurred_at = ((now - .days_ago * 86400) | floor | todate) | del(.days_ago)' "$DATA")
  ids+=("$(api POST /api/v1/evidence "$body" | jq -r .id)")
done

# Enrichment (summary, categories, embedding) runs in insight-service as the events arrive.
log "waiting for the summaries (insight-service enriches each item)"
for ((t = 0; t < 120; t++)); do
  pending=$(api GET '/api/v1/evidence?tag=demo&limit=100' | jq '[.items[] | select(.summary == null)] | length')
  [[ $pending -eq 0 ]] && break
  sleep 1
done
[[ $pending -eq 0 ]] || log "still enriching $pending items; insights will follow when they are done"

start=$(date -u -d '-180 days' +%F)
api POST /api/v1/insights/generate "{\"period_start\":\"$start\",\"period_end\":\"$(date -u +%F)\"}" >/dev/null
log "done: ${#ids[@]} items; insights for $start..today requested. Open $APP and sign in as $USER_NAME."
