#!/usr/bin/env bash
# Single-event ingest, CPU per accepted event, with every protection on: API keys (a keys file with one
# admin-scoped key at a high rate, so the rate limiter runs on every request but never refuses), the
# rate limiter, scrubbing, reporter encryption (a configured AES key), the feedback view (idempotency).
# Compares packaged builds of the ingest-service on the same broker and the same bodies, so that a
# before/after pair differs only in the build. Used for docs/ingest.md "Performance" (session 5).
#
#   bench/wrk/ingest-ab.sh setup                       # broker + topics + bodies + keys under $IB (default /tmp/ib)
#   bench/wrk/ingest-ab.sh measure APP_DIR LABEL [jfr] # one service run: warm-up, then one measured wrk run per
#                                                      # $IB_CONNECTIONS; prints one line per run, JFR into $IB/LABEL.jfr
#   bench/wrk/ingest-ab.sh teardown                    # stops the broker
#
# APP_DIR is a copy of ingest-service/target/quarkus-app (copy it: a rebuild must not swap jars mid-run).
# Ports: broker 19182 (controller 19183), service 19180. Knobs: IB_WARMUP (s, 40), IB_SECONDS (s, 30),
# IB_CONNECTIONS ("64"), IB_THREADS (wrk threads, 2), IB_JAVA_OPTS (extra service JVM flags).
# CPU per event = service user+system ticks (/proc/<pid>/stat) over the measured run / 2xx answers; "without-jit"
# leaves out the ticks of the JIT compiler threads (/proc/<pid>/task/*/stat).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
IB="${IB:-/tmp/ib}"
JAVA="${JAVA:-java}"
KAFKA_PORT=19182
CONTROLLER_PORT=19183
PORT=19180
WARMUP="${IB_WARMUP:-40}"
SECONDS_PER_RUN="${IB_SECONDS:-30}"
CONNECTIONS="${IB_CONNECTIONS:-64}"
THREADS="${IB_THREADS:-2}"
KEY="hc_bench_0123456789abcdefghijklmnopqrstuv"
CLK_TCK="$(getconf CLK_TCK)"
mkdir -p "$IB"

cpu_ticks() { sed 's/.*) //' "/proc/$1/stat" | awk '{print $12 + $13}'; }
# Ticks of the JIT compiler threads (C1/C2) alone: on a busy machine the JIT is still compiling after the
# warm-up and its share swings between runs, so the figure without it is reported beside the total.
jit_ticks() {
  local t sum=0
  for t in /proc/"$1"/task/*; do
    if grep -q 'CompilerThre' "$t/comm" 2>/dev/null; then
      sum=$(( sum + $(sed 's/.*) //' "$t/stat" | awk '{print $12 + $13}') ))
    fi
  done
  echo "$sum"
}
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

case "${1:-}" in
  setup)
    port_open "$KAFKA_PORT" && { echo "port $KAFKA_PORT in use" >&2; exit 1; }
    rm -rf "$IB/kafka"
    setsid "$JAVA" -Xms512m -Xmx1g -jar "$ROOT/hypercare-local/target/hypercare-local.jar" --data-dir "$IB/kafka" \
      --port "$KAFKA_PORT" --controller-port "$CONTROLLER_PORT" > "$IB/kafka.log" 2>&1 < /dev/null &
    echo $! > "$IB/kafka.pid"
    for _ in $(seq 1 600); do
      port_open "$KAFKA_PORT" && grep -q "Kafka Server started" "$IB/kafka.log" && break
      sleep 0.1
    done
    "$JAVA" -cp "$ROOT/hypercare-local/target/hypercare-local.jar" dev.hypercare.local.CreateTopics \
      --bootstrap-servers "127.0.0.1:$KAFKA_PORT" > "$IB/topics.log" 2>&1
    "$JAVA" -jar "$ROOT/bench/target/bench.jar" wrk-bodies --out "$IB/bodies.jsonl" --count 5000 \
      --data-dir "$ROOT/../shared/data/classification" > /dev/null
    printf 'bench.sha256=%s\nbench.app=bench\nbench.scopes=submit,admin\nbench.rate=1000000\n' \
      "$(printf %s "$KEY" | sha256sum | cut -d' ' -f1)" > "$IB/keys.properties"
    echo "broker pid $(cat "$IB/kafka.pid") on 127.0.0.1:$KAFKA_PORT"
    ;;
  measure)
    app="$2" label="$3" jfr="${4:-}"
    port_open "$PORT" && { echo "port $PORT in use" >&2; exit 1; }
    # shellcheck disable=SC2086
    HYPERCARE_INGEST_AUTH_ENABLED=true HYPERCARE_INGEST_AUTH_KEYS_FILE="$IB/keys.properties" \
    HYPERCARE_PRIVACY_KEYS="k1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=" HYPERCARE_PRIVACY_ACTIVE_KEY_ID=k1 \
      setsid "$JAVA" -Xmx256m ${IB_JAVA_OPTS:-} -Dquarkus.http.port="$PORT" \
      -Dkafka.bootstrap.servers="127.0.0.1:$KAFKA_PORT" -jar "$app/quarkus-run.jar" > "$IB/$label.log" 2>&1 < /dev/null &
    pid=$!
    trap 'kill -TERM $pid 2>/dev/null || true; wait $pid 2>/dev/null || true' EXIT
    for _ in $(seq 1 1200); do
      curl -fsS -o /dev/null "http://127.0.0.1:$PORT/q/health/ready" 2>/dev/null && break
      kill -0 "$pid" || { echo "service exited, see $IB/$label.log" >&2; exit 1; }
      sleep 0.1
    done
    URL="http://127.0.0.1:$PORT/api/v1/feedback"
    # The key must work, or the figures would be of 401s.
    status="$(curl -s -o /dev/null -w '%{http_code}' -X POST "$URL" -H 'Content-Type: application/json' -H "X-API-Key: $KEY" \
      --data-binary "$(head -n1 "$IB/bodies.jsonl")")"
    [[ "$status" == 202 ]] || { echo "probe answered $status, not 202" >&2; exit 1; }
    BENCH_API_KEY="$KEY" wrk -t"$THREADS" -c64 -d"${WARMUP}s" --timeout 10s -s "$ROOT/bench/wrk/feedback.lua" "$URL" \
      -- "$IB/bodies.jsonl" > /dev/null
    [[ "$jfr" == jfr ]] && jcmd "$pid" JFR.start name=ab settings=profile filename="$IB/$label.jfr" > /dev/null
    for c in $CONNECTIONS; do
      before="$(cpu_ticks "$pid")" jit_before="$(jit_ticks "$pid")"
      out="$(BENCH_API_KEY="$KEY" wrk -t"$THREADS" -c"$c" -d"${SECONDS_PER_RUN}s" --timeout 10s -s "$ROOT/bench/wrk/feedback.lua" \
        "$URL" -- "$IB/bodies.jsonl" | grep HYPERCARE-WRK)"
      ticks=$(( $(cpu_ticks "$pid") - before )) jit=$(( $(jit_ticks "$pid") - jit_before ))
      load="$(cut -d' ' -f1-3 /proc/loadavg)"
      awk -v out="$out" -v ticks="$ticks" -v jit="$jit" -v hz="$CLK_TCK" -v label="$label" -v c="$c" -v load="$load" 'BEGIN {
        n = split(out, kv, " "); for (i = 2; i <= n; i++) { split(kv[i], p, "="); f[p[1]] = p[2] }
        ok = f["requests"] - f["non2xx"]; s = f["duration_us"] / 1e6
        printf "%s c=%d accepted=%d non2xx=%d errors=%d rate=%.0f/s p50=%.1fms p99=%.1fms cpu=%.1fus/event without-jit=%.1fus/event load=%s\n",
          label, c, ok, f["non2xx"], f["socket_errors"], ok / s, f["p50_us"] / 1000, f["p99_us"] / 1000,
          (ok > 0 ? ticks / hz * 1e6 / ok : -1), (ok > 0 ? (ticks - jit) / hz * 1e6 / ok : -1), load }'
    done
    [[ "$jfr" == jfr ]] && jcmd "$pid" JFR.stop name=ab > /dev/null
    ;;
  teardown)
    [[ -f "$IB/kafka.pid" ]] && { kill -TERM "$(cat "$IB/kafka.pid")" 2>/dev/null || true; rm -f "$IB/kafka.pid"; }
    ;;
  *) sed -n 2,16p "$0"; exit 2 ;;
esac
