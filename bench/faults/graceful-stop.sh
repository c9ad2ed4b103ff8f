#!/usr/bin/env bash
# Graceful stop of the ingest-service, measured from outside: how many requests that a SIGTERM cut off
# (no HTTP answer) were nevertheless published to Kafka. For a client without an idempotency key each
# one becomes a second item when it retries. docs/reliability.md, "Graceful stop of the ingest-service".
#
#   ./hypercare start                                 # any broker at $KAFKA_BOOTSTRAP_SERVERS will do
#   bench/faults/graceful-stop.sh [timeout ...]       # e.g. 20S (the default config) 0S (Quarkus' drain off)
#
# Per round: starts its own ingest-service (the packaged quarkus-run.jar, port GS_PORT, default 18080)
# with quarkus.shutdown.timeout=<timeout>, lets GS_CLIENTS (40) curl loops submit keyed feedback for 4 s,
# sends SIGTERM, waits for the exit, starts it again and re-sends every cut-off request's key: an
# answer with Idempotent-Replayed: true proves that the cut-off request's record is in Kafka.
# Needs curl. Run on a machine without other load for comparable rounds; the figures vary with timing.
set -euo pipefail
cd "$(dirname "$0")/../.."
JAR=ingest-service/target/quarkus-app/quarkus-run.jar
PORT=${GS_PORT:-18080}
CLIENTS=${GS_CLIENTS:-40}
BOOTSTRAP=${KAFKA_BOOTSTRAP_SERVERS:-127.0.0.1:9092}
WORK=$(mktemp -d)
trap 'kill -TERM $(cat "$WORK/pid" 2>/dev/null) 2>/dev/null || true; rm -rf "$WORK"' EXIT
[[ -f $JAR ]] || { echo "package the ingest-service first: ./mvnw -pl ingest-service -am package -DskipTests" >&2; exit 1; }
URL="http://127.0.0.1:$PORT/api/v1/feedback"
BODY='{"sourceApp":"webshop","release":"graceful-stop","text":"Search is slow"}'

start_ingest() { # $1 = shutdown timeout, $2 = log file
  HYPERCARE_INGEST_SHUTDOWN_TIMEOUT=$1 KAFKA_BOOTSTRAP_SERVERS=$BOOTSTRAP MALLOC_ARENA_MAX=2 \
    java @deploy/jvm/ingest-service.options -Dquarkus.http.port="$PORT" -jar "$JAR" >> "$2" 2>&1 &
  echo $! > "$WORK/pid"
  for _ in $(seq 1 240); do curl -sf "http://127.0.0.1:$PORT/q/health/ready" > /dev/null && return; sleep 0.5; done
  echo "ingest-service did not get ready; log: $2" >&2; exit 1
}
stop_ingest() {
  local pid; pid=$(cat "$WORK/pid"); kill -TERM "$pid"
  while kill -0 "$pid" 2> /dev/null; do sleep 0.1; done
  rm -f "$WORK/pid"   # so the exit trap never signals a pid the system has handed to another process since
}

timeouts=("$@"); [[ ${#timeouts[@]} -gt 0 ]] || timeouts=(20S 0S)
for timeout in "${timeouts[@]}"; do
  round=$RANDOM; results=$WORK/results-$timeout-$round; log=$WORK/ingest-$timeout-$round.log
  start_ingest "$timeout" "$log"
  for c in $(seq 1 "$CLIENTS"); do
    (for n in $(seq 1 1000); do
       key="gs-$timeout-$round-$c-$n"
       code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 -X POST "$URL" -H 'Content-Type: application/json' \
         -H "Idempotency-Key: $key" -d "$BODY") && rc=0 || rc=$?
       echo "$key $code $rc" >> "$results"
       [[ $rc -eq 7 ]] && break   # connection refused: the service is gone, this client stops
     done) &
  done
  sleep 4
  stop_ingest
  wait
  start_ingest "$timeout" "$log"
  # curl exit 52 (empty reply) or 56 (receive failure): the request was sent and no answer came back.
  cut_off=$(awk '$3 != 0 && $3 != 7 {print $1}' "$results")
  total=0; in_kafka=0
  for key in $cut_off; do
    total=$((total + 1))
    if curl -s -D - -o /dev/null -X POST "$URL" -H 'Content-Type: application/json' -H "Idempotency-Key: $key" -d "$BODY" \
         | grep -qi '^Idempotent-Replayed: true'; then in_kafka=$((in_kafka + 1)); fi
  done
  stop_ingest
  printf 'graceful-stop: shutdown-timeout=%s answered-202=%d answered-503=%d cut-off=%d cut-off-but-in-kafka=%d drain-waited=%d\n' \
    "$timeout" "$(awk '$2 == 202' "$results" | wc -l)" "$(awk '$2 == 503' "$results" | wc -l)" "$total" "$in_kafka" \
    "$(grep -c 'Waiting for HTTP requests to complete' "$log" || true)"
done
