#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# The benchmarks, one command. Each figure is measured next to its baseline in the same run, on this machine:
#   rest     GET /api/v1/evidence?limit=20 (JWT, 16 connections, wrk) vs the same query under the same RLS setting in
#            pgbench (16 clients), five paired rounds after a 60 s warm-up; also a 1-item page and /api/v1/profile, without targets
#   startup  each service's packaged JVM app (and its native executable when <module>/target/*-runner exists): time
#            to "started" and to the first 200 of /q/health/ready, RSS after start; vs a one-endpoint Quarkus app
#   ingest   10,000 simulated GitLab items through sync, Kafka and enrichment vs the embedding model's standalone rate
#            (deploy/system-tests IngestionBenchmark)
#   search   search p99 and recall@10 at 1M rows (insight-service SearchAndEnrichmentBenchmark; loads the rows once)
#   deploy/bench/bench.sh                 rest startup ingest
#   deploy/bench/bench.sh all             rest startup ingest search
#   deploy/bench/bench.sh rest startup    any sections, in order
# Needs the packaged services (`mvn -B package -DskipTests`; `--build` builds them first). Results go to
# target/bench/<UTC time>/results.md (raw outputs next to it) and are printed at the end. BENCHMARKS.md records a run.
# Knobs: BENCH_ROUNDS (5), BENCH_SECONDS (10), BENCH_WARMUP (60 s), BENCH_CONNECTIONS (16), BENCH_STARTS (3), BENCH_ITEMS (10000),
# BENCH_JAVA_OPTS (-Xmx512m), BENCH_DB (pulse_bench_api); BENCH_EMBEDDING_BASE_URL (+ _API_KEY, _MODEL): the
# OpenAI-compatible endpoint a native insight-service embeds through (its start-up is skipped without one).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
# shellcheck source=../local/env.sh
. "$ROOT/deploy/local/env.sh"
# shellcheck source=../local/lib.sh
. "$ROOT/deploy/local/lib.sh"
PULSE_COMPONENT=bench

ROUNDS=${BENCH_ROUNDS:-5}
SECONDS_PER_RUN=${BENCH_SECONDS:-10}
WARMUP_SECONDS=${BENCH_WARMUP:-60}
CONNECTIONS=${BENCH_CONNECTIONS:-16}
STARTS=${BENCH_STARTS:-3}
ITEMS=${BENCH_ITEMS:-10000}
JAVA_OPTS=${BENCH_JAVA_OPTS:--Xmx512m}
DB=${BENCH_DB:-pulse_bench_api}
BENCH_USER=alice
OUT="$ROOT/target/bench/$(date -u +%Y%m%dT%H%M%SZ)"
RESULTS="$OUT/results.md"
declare -A API_PORT=([evidence-service]=28081 [insight-service]=28082 [sync-service]=28083)
declare -A MGMT_PORT=([evidence-service]=29081 [insight-service]=29082 [sync-service]=29083)
BASELINE_PORT=28099

build=false
sections=()
for arg in "$@"; do
  case $arg in
    --build) build=true ;;
    all) sections+=(rest startup ingest search) ;;
    rest | startup | ingest | search) sections+=("$arg") ;;
    *) die "unknown argument $arg (sections: rest startup ingest search all; option --build)" ;;
  esac
done
((${#sections[@]})) || sections=(rest startup ingest)

mkdir -p "$OUT"
ensure_tools() {
  local missing=()
  command -v wrk >/dev/null || missing+=(wrk)
  command -v pgbench >/dev/null || missing+=(postgresql-contrib)
  ((${#missing[@]} == 0)) && return 0
  log "installing ${missing[*]} (apt)"
  apt-get install -y -qq "${missing[@]}" >>"$OUT/apt.log" 2>&1 || die "could not install ${missing[*]}; see $OUT/apt.log"
}

"$ROOT/deploy/local/stack.sh" up
ensure_tools
if [[ $build == true ]]; then
  log "building the services (mvn package, tests skipped)"
  (cd "$ROOT" && mvn -B -ntp -q package -DskipTests -DskipSystemTests=true) >"$OUT/build.log" 2>&1
fi

# The services run against their own database (the product's data stays untouched) with their own topic prefix.
PULSE_BENCH_DB_NAME=$DB "$ROOT/deploy/local/postgres.sh" bench-db >/dev/null
key_file="$PULSE_STACK_DIR/secrets/bench-sync-crypto-key"
[[ -s $key_file ]] || { mkdir -p "$(dirname "$key_file")" && (umask 077 && openssl rand -base64 32 >"$key_file"); }
service_env() { # MODULE: the environment of one benchmarked service
  echo "PULSE_DB_NAME=$DB PULSE_MIGRATE_AT_START=false PULSE_KAFKA_TOPIC_PREFIX=bench. PULSE_SYNC_CRYPTO_KEY=$(<"$key_file")" \
    "PULSE_EVIDENCE_PORT=${API_PORT[evidence-service]} PULSE_INSIGHT_PORT=${API_PORT[insight-service]}" \
    "PULSE_SYNC_PORT=${API_PORT[sync-service]} PULSE_MANAGEMENT_PORT=${MGMT_PORT[$1]}" \
    "PULSE_INSIGHT_URL=http://127.0.0.1:${API_PORT[insight-service]} PULSE_SYNC_URL=http://127.0.0.1:${API_PORT[sync-service]}"
}
launcher() { # MODULE KIND(jvm|native): the command that starts it
  if [[ $2 == native ]]; then
    ls "$ROOT/$1"/target/*-runner
  else
    # shellcheck disable=SC2086 # options are meant to split
    echo java $JAVA_OPTS -jar "$ROOT/$1/target/quarkus-app/quarkus-run.jar"
  fi
}

# The schema, applied the way the Kubernetes migration Job does it: evidence-service migrates and exits.
log "migrating $DB (evidence-service, init-and-exit)"
env $(service_env evidence-service) PULSE_MIGRATE_AT_START=true QUARKUS_INIT_AND_EXIT=true \
  $(launcher evidence-service jvm) >"$OUT/migrate.log" 2>&1 || die "migration failed; see $OUT/migrate.log"

pids=()
stop_all() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; pids=(); }
trap stop_all EXIT

wait_ready() { # URL PID TIMEOUT_S: 0 when URL answers 200, 1 when the process exits or the time is up
  local url=$1 pid=$2 deadline=$((SECONDS + $3))
  until curl -fs -o /dev/null "$url"; do
    kill -0 "$pid" 2>/dev/null || return 1
    ((SECONDS < deadline)) || return 1
    sleep 0.02
  done
}

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for port in "${API_PORT[@]}" "${MGMT_PORT[@]}" "$BASELINE_PORT"; do
  port_free "$port" || die "port $port is in use; the benchmark needs ${API_PORT[*]} ${MGMT_PORT[*]} $BASELINE_PORT free"
done

start_service() { # MODULE KIND LOG: starts it in the background, sets STARTED_PID
  # shellcheck disable=SC2046 # the environment and command lists are meant to split
  env $(service_env "$1") $(launcher "$1" "$2") >"$3" 2>&1 &
  STARTED_PID=$!
  pids+=("$STARTED_PID")
}

token() { "$ROOT/deploy/local/keycloak.sh" token "$BENCH_USER" "$BENCH_USER-pw"; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }

{
  echo "# Benchmark run $(date -u +%FT%TZ)"
  echo
  echo "Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr);" \
    "java: $(java -version 2>&1 | head -1); load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
} >"$RESULTS"

bench_rest() {
  # Realistic rows: the items are enriched by insight-service (summary, categories, key phrases, embedding), which is
  # stopped again before measuring so that only evidence-service and PostgreSQL share the machine with the load.
  log "rest: starting evidence-service and insight-service"
  start_service insight-service jvm "$OUT/rest-insight.log"
  local insight_pid=$STARTED_PID
  start_service evidence-service jvm "$OUT/rest-evidence.log"
  local pid=$STARTED_PID app="http://127.0.0.1:${API_PORT[evidence-service]}"
  wait_ready "http://127.0.0.1:${MGMT_PORT[evidence-service]}/q/health/ready" "$pid" 300 || die "evidence-service did not start; see $OUT/rest-evidence.log"
  wait_ready "http://127.0.0.1:${MGMT_PORT[insight-service]}/q/health/ready" "$insight_pid" 300 || die "insight-service did not start; see $OUT/rest-insight.log"
  local tok user_id have
  tok=$(token)
  user_id=$(curl -fsS -H "Authorization: Bearer $tok" "$app/api/v1/profile" | jq -r .id)
  have=$(curl -fsS -H "Authorization: Bearer $tok" "$app/api/v1/evidence?limit=50" | jq '.items | length')
  for ((i = have; i < 50; i++)); do
    jq -nc --argjson i "$i" '{title: "Benchmark item \($i)", tags: ["bench"],
      content: "Reviewed the payment retry logic, fixed a flaky integration test and documented the rollout plan (\($i)).",
      occurred_at: ((now - $i * 86400) | floor | todate)}' |
      curl -fsS -o /dev/null -H "Authorization: Bearer $tok" -H 'Content-Type: application/json' --data-binary @- "$app/api/v1/evidence"
  done
  local pending=1 t
  for ((t = 0; t < 300 && pending > 0; t++)); do
    pending=$(curl -fsS -H "Authorization: Bearer $tok" "$app/api/v1/evidence?limit=100" | jq '[.items[] | select(.summary == null)] | length')
    ((pending == 0)) || sleep 1
  done
  ((pending == 0)) || die "rest: $pending items were not enriched in 300 s; see $OUT/rest-insight.log"
  kill "$insight_pid"
  wait "$insight_pid" 2>/dev/null || true
  # The baseline: the service's own list query, prepared, in a transaction bound to the same user with the same
  # set_config call (RlsSession), as the request role, so row-level security applies exactly as in the service.
  cat >"$OUT/list.sql" <<'SQL'
BEGIN;
SELECT set_config('app.user_id', :uid, true);
SELECT id, user_id, title, content, summary, source, source_id, source_url, category, tags, attachments, ai_metadata::text AS ai_metadata, occurred_at, version, created_at, updated_at FROM evidence WHERE user_id = :uid ORDER BY occurred_at DESC, id DESC LIMIT 21;
COMMIT;
SQL
  run_wrk() { # PATH: "rps p50_ms p99_ms non2xx"
    local out
    out=$(wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" --latency -H "Authorization: Bearer $(token)" "$app$1")
    echo "$out" >>"$OUT/rest-wrk.txt"
    awk '/Requests\/sec/ {r=$2} /^ +50%/ {p50=$2} /^ +99%/ {p99=$2} /Non-2xx/ {e=$5}
      function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
      END {printf "%.0f %.2f %.2f %d\n", r, ms(p50), ms(p99), e + 0}' <<<"$out"
  }
  run_pgbench() { # "tps p99_ms"
    local out
    out=$(PGPASSWORD=$PULSE_DB_APP_PASSWORD pgbench -h "$PULSE_DB_HOST" -p "$PULSE_DB_PORT" -U "$PULSE_DB_APP_USER" -n \
      -M prepared -c "$CONNECTIONS" -j 2 -T "$SECONDS_PER_RUN" -D uid="$user_id" -f "$OUT/list.sql" \
      -l --log-prefix="$OUT/pgbench" "$DB" 2>&1)
    echo "$out" >>"$OUT/rest-pgbench.txt"
    local p99
    p99=$(cat "$OUT"/pgbench.* | awk '{print $3 / 1000}' | sort -n | awk '{a[NR]=$1} END {printf "%.2f", a[int(NR * 0.99)]}')
    rm -f "$OUT"/pgbench.*
    echo "$(grep -oP 'tps = \K[0-9.]+' <<<"$out" | cut -d. -f1) $p99"
  }
  # The JIT needs about a minute of this load on two cores before the service's throughput stops rising (it rose
  # from round to round after 20 s of warm-up); the figures are for the warmed-up service, as it runs in production.
  log "rest: warming up (${WARMUP_SECONDS}s)"
  local warm
  for ((warm = 0; warm < WARMUP_SECONDS; warm += SECONDS_PER_RUN)); do
    run_wrk '/api/v1/evidence?limit=20' >/dev/null
  done
  {
    echo "## REST throughput: GET /api/v1/evidence?limit=20, $CONNECTIONS connections, ${SECONDS_PER_RUN} s per run"
    echo
    echo "| round | service req/s | service p50 / p99 ms | pgbench tps (same query, same RLS) | pgbench p99 ms | ratio |"
    echo "|---|---|---|---|---|---|"
  } >>"$RESULTS"
  local r ratios=()
  for ((r = 1; r <= ROUNDS; r++)); do
    read -r tps pp99 <<<"$(run_pgbench)"
    read -r rps p50 p99 errors <<<"$(run_wrk '/api/v1/evidence?limit=20')"
    ((errors == 0)) || die "rest: $errors non-2xx answers in round $r; see $OUT/rest-wrk.txt"
    ratios+=("$(awk -v a="$rps" -v b="$tps" 'BEGIN {printf "%.2f", a / b}')")
    echo "| $r | $rps | $p50 / $p99 | $tps | $pp99 | ${ratios[-1]} |" >>"$RESULTS"
    log "rest round $r: service $rps req/s (p99 $p99 ms), pgbench $tps tps, ratio ${ratios[-1]}"
  done
  echo >>"$RESULTS"
  echo "Ratio (target >= 0.5): median $(printf '%s\n' "${ratios[@]}" | median) over $ROUNDS paired rounds." >>"$RESULTS"
  echo >>"$RESULTS"
  {
    echo "| other path (no target) | req/s | p50 / p99 ms |"
    echo "|---|---|---|"
    for path in '/api/v1/evidence?limit=1' '/api/v1/profile'; do
      read -r rps p50 p99 errors <<<"$(run_wrk "$path")"
      echo "| GET $path | $rps | $p50 / $p99 |"
    done
    out=$(wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" "http://127.0.0.1:${MGMT_PORT[evidence-service]}/q/health/live")
    echo "| GET /q/health/live (management port, no token, no database) | $(awk '/Requests\/sec/ {printf "%.0f", $2}' <<<"$out") | |"
    echo
  } >>"$RESULTS"
  stop_all
}

bench_startup() {
  log "startup: building the one-endpoint baseline app"
  (cd "$HERE/baseline-app" && mvn -B -ntp -q package -DskipTests) >"$OUT/baseline-build.log" 2>&1 ||
    die "baseline app build failed; see $OUT/baseline-build.log"
  {
    echo "## Start-up and RSS (median of $STARTS starts; JVM options: $JAVA_OPTS)"
    echo
    echo "| app | mode | 'started in' s | first 200 (ready) s | of which model load s | RSS after start MB |"
    echo "|---|---|---|---|---|---|"
  } >>"$RESULTS"
  measure() { # NAME KIND URL CMD...: appends one row
    local name=$1 kind=$2 url=$3 i t0 started ready rss model log="$OUT/startup-$1-$2.log"
    shift 3
    local s_list=() r_list=() m_list=() rss_list=()
    for ((i = 0; i < STARTS; i++)); do
      t0=$(date +%s%N)
      # shellcheck disable=SC2046
      if [[ $name == baseline ]]; then "$@" >"$log" 2>&1 & else env $(service_env "$name") "$@" >"$log" 2>&1 & fi
      pid=$!
      pids+=("$pid")
      wait_ready "$url" "$pid" 300 || die "$name ($kind) did not start; see $log"
      ready=$((($(date +%s%N) - t0) / 1000000))
      rss=$(($(ps -o rss= -p "$pid") / 1024))
      started=$(grep -oP 'started in \K[0-9.]+' "$log" | head -1)
      model=$(grep -oP 'Embedding backend .* ready .* in \K[0-9]+(?= ms)' "$log" | head -1 || true)
      s_list+=("$started") r_list+=("$(awk -v v="$ready" 'BEGIN {printf "%.2f", v / 1000}')") rss_list+=("$rss")
      [[ -n $model ]] && m_list+=("$(awk -v v="$model" 'BEGIN {printf "%.2f", v / 1000}')")
      stop_all
    done
    local m="-"
    ((${#m_list[@]})) && m=$(printf '%s\n' "${m_list[@]}" | median)
    echo "| $name | $kind | $(printf '%s\n' "${s_list[@]}" | median) | $(printf '%s\n' "${r_list[@]}" | median) | $m |" \
      "$(printf '%s\n' "${rss_list[@]}" | median) |" >>"$RESULTS"
    log "startup $name ($kind): started ${s_list[*]} s; ready ${r_list[*]} s; RSS ${rss_list[*]} MB"
  }
  # shellcheck disable=SC2086
  measure baseline jvm "http://127.0.0.1:$BASELINE_PORT/hello" \
    env BASELINE_PORT=$BASELINE_PORT java $JAVA_OPTS -jar "$HERE/baseline-app/target/quarkus-app/quarkus-run.jar"
  for module in evidence-service insight-service sync-service; do
    local ready="http://127.0.0.1:${MGMT_PORT[$module]}/q/health/ready"
    # shellcheck disable=SC2046
    measure "$module" jvm "$ready" $(launcher "$module" jvm)
    if ! compgen -G "$ROOT/$module/target/*-runner" >/dev/null; then
      continue
    fi
    if [[ $module == insight-service ]]; then
      # The native insight-service embeds through an OpenAI-compatible endpoint (it refuses in-process) and checks it
      # during start-up, so it is measured only when one is given.
      if [[ -z ${BENCH_EMBEDDING_BASE_URL:-} ]]; then
        log "startup insight-service (native): skipped; set BENCH_EMBEDDING_BASE_URL (an OpenAI-compatible endpoint)"
        echo "| insight-service | native | skipped: BENCH_EMBEDDING_BASE_URL not set | | | |" >>"$RESULTS"
        continue
      fi
      # shellcheck disable=SC2046
      measure "$module" native "$ready" env PULSE_EMBEDDING_PROVIDER=openai \
        PULSE_EMBEDDING_BASE_URL="$BENCH_EMBEDDING_BASE_URL" PULSE_EMBEDDING_API_KEY="${BENCH_EMBEDDING_API_KEY:-none}" \
        PULSE_EMBEDDING_MODEL="${BENCH_EMBEDDING_MODEL:-text-embedding-3-small}" PULSE_EMBEDDING_DIMENSION=384 \
        $(launcher "$module" native)
    else
      # shellcheck disable=SC2046
      measure "$module" native "$ready" $(launcher "$module" native)
    fi
  done
  echo >>"$RESULTS"
}

bench_ingest() {
  log "ingest: $ITEMS simulated GitLab items through to enriched evidence (deploy/system-tests IngestionBenchmark)"
  # common is built in the same reactor (its test jar is the harness), never taken from a stale local repository.
  (cd "$ROOT" && mvn -B -ntp verify -pl common,deploy/system-tests -Dtest=IngestionBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
    -Dbench.items="$ITEMS") >"$OUT/ingest.log" 2>&1 || die "ingestion benchmark failed; see $OUT/ingest.log"
  {
    echo "## Ingestion: $ITEMS GitLab items through to enriched evidence"
    echo
    sed 's/^/    /' "$ROOT/deploy/system-tests/target/bench/ingestion.txt"
    echo
  } >>"$RESULTS"
}

bench_search() {
  log "search: 1M rows (insight-service SearchAndEnrichmentBenchmark; the first run loads the rows)"
  "$ROOT/deploy/local/postgres.sh" bench-db >/dev/null
  (cd "$ROOT" && mvn -B -ntp verify -pl common,insight-service -Pbench) >"$OUT/search.log" 2>&1 ||
    die "search benchmark failed; see $OUT/search.log"
  {
    echo "## Search at 1M rows"
    echo
    grep -E '^(table:|user with|embedding model standalone|enrichment end to end|  steady state)' "$OUT/search.log" | sed 's/^/    /'
    echo
  } >>"$RESULTS"
}

for section in "${sections[@]}"; do "bench_$section"; done
log "results: $RESULTS"
cat "$RESULTS"
