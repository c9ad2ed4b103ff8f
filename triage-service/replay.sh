#!/usr/bin/env bash
# Re-triage hypercare.feedback.raw from a point in time with new rules and/or a new model, as a separate
# Kafka Streams application beside the live triage-service (which it never touches).
#
#   triage-service/replay.sh --name march-rules --from 2025-03-01T00:00:00Z \
#       [--rules my-rules.json] [--model my-model.bin] [--output-suffix .replay-march | --same-output] \
#       [--port 8181] [--bootstrap localhost:9092]
#
# - Application id hypercare-triage-replay-<name>: its own consumer group, state and internal topics. Run it
#   again with the same name and it continues where it stopped; a new name starts over from --from.
# - Output: by default topics suffixed ".replay-<name>" (hypercare.feedback.triaged.replay-<name>, ...p1..p4,
#   issues, deadletter), created like the live ones; --same-output writes the triaged, priority and dead-letter
#   records to the live topics instead (consumers then see the re-triaged decisions, newest last), but the replay's
#   issue groups and escalation alerts still to hypercare.issues.replay-<name> and ...priority.p1.replay-<name>:
#   its groups start empty at --from, so live they would twin the live groups and page again.
# - Rules: --rules replaces the shipped rules and the replay ignores the live rules topic; without --rules it
#   follows the rules topic like the live service. --model replaces the default classifier model.
# - It keeps following the raw topic after it has caught up: stop it with Ctrl-C (or kill its pid) when its
#   consumer lag is 0 (kafka-consumer-groups --describe --group hypercare-triage-replay-<name>).
# - Environment: KAFKA_BOOTSTRAP_SERVERS (default 127.0.0.1:$KAFKA_PORT, the local run's broker, 9092), its state in
#   REPLAY_STATE_DIR (default $HYPERCARE_HOME/replay-<name>, beside the local run's data: deleting that home for a
#   clean slate removes it too).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
name="" from="" rules="" model="" suffix="" same=false port=8181
# The local run's broker by default (./hypercare: KAFKA_PORT), as the other commands find it.
bootstrap="${KAFKA_BOOTSTRAP_SERVERS:-127.0.0.1:${KAFKA_PORT:-9092}}"
usage() { sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
while [ $# -gt 0 ]; do
  case "$1" in
    --name) name="$2"; shift 2 ;;
    --from) from="$2"; shift 2 ;;
    --rules) rules="$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"; shift 2 ;;
    --model) model="$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"; shift 2 ;;
    --output-suffix) suffix="$2"; shift 2 ;;
    --same-output) same=true; shift ;;
    --port) port="$2"; shift 2 ;;
    --bootstrap) bootstrap="$2"; shift 2 ;;
    -h|--help) usage ;;
    *) echo "unknown option $1" >&2; usage ;;
  esac
done
[ -n "$name" ] || { echo "--name is required" >&2; usage; }
[[ "$name" =~ ^[A-Za-z0-9._-]+$ ]] || { echo "--name: letters, digits, . _ - only" >&2; exit 2; }
if [ "$same" = false ] && [ -z "$suffix" ]; then suffix=".replay-$name"; fi
if [ "$same" = true ]; then suffix=""; fi
# The replay's issue groups start empty at --from: published live they would twin the live groups and page the
# on-call team again for escalations it already had. They go to its own topics even with --same-output.
grouping_suffix="${suffix:-.replay-$name}"

jar="$here/target/quarkus-app/quarkus-run.jar"
if [ ! -f "$jar" ]; then
  (cd "$here/.." && ./mvnw -q -pl triage-service -am package -DskipTests)
fi

args=(
  "-Dquarkus.kafka-streams.application-id=hypercare-triage-replay-$name"
  "-Dquarkus.http.port=$port"
  "-Dkafka-streams.state.dir=${REPLAY_STATE_DIR:-${HYPERCARE_HOME:-$here/../.hypercare}/replay-$name}"
  "-Dkafka.bootstrap.servers=$bootstrap"
  "-Dhypercare.triage.output.suffix=$suffix"
  "-Dhypercare.triage.output.grouping-suffix=$grouping_suffix"
)
[ -n "$from" ] && args+=("-Dhypercare.triage.replay.from=$from")
[ -n "$rules" ] && args+=("-Dhypercare.triage.rules.file=$rules" "-Dhypercare.triage.rules.live=false")
[ -n "$model" ] && args+=("-Dhypercare.triage.classifier.model=$model")

echo "replay hypercare-triage-replay-$name from ${from:-the beginning} -> ${suffix:-the live topics} (port $port)"
exec java "${args[@]}" -jar "$jar"
