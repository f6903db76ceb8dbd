#!/usr/bin/env bash
# The voipwatch stack without Docker, on 127.0.0.1 only: a Kafka broker (KRaft, from the Maven Central artifact
# org.apache.kafka:kafka_2.13), Prometheus with dashboards/prometheus/alerts.yml (Debian package prometheus),
# Alertmanager when installed (prometheus-alertmanager), and `voipwatch analyze` on a capture with --kafka and
# --metrics --linger. Bounded: everything stops after --duration (or Ctrl-C); processes are stopped by PID.
#
#   scripts/demo-stack.sh                       # demo-site capture, 120 s, then clean up
#   scripts/demo-stack.sh --duration 600 --capture scenarios/tcp-blocked/capture.pcap
#   scripts/demo-stack.sh --check --duration 20 # exit 1 unless events reached Kafka and the expected alert fired
#
# Environment: VOIPWATCH_DEMO_DIR (work dir, default a new temp dir, removed at the end unless --keep),
# VOIPWATCH_CMD (how to run voipwatch, default ./voipwatch), VOIPWATCH_DEMO_KAFKA_CP (a ready Kafka classpath
# instead of copying the jars with Maven), ports: KAFKA_PORT 19092 (KAFKA_CONTROLLER_PORT +1), PROMETHEUS_PORT 19090,
# METRICS_PORT 19464, ALERTMANAGER_PORT 19095.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

duration=120
capture="$here/scenarios/demo-site/capture.pcap"
matrix="$here/examples/demo-matrix.yaml"
check=0
keep=0
expect_alert=VoipwatchUnexpectedFlows
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) duration="$2"; shift 2 ;;
    --capture) capture="$(realpath "$2")"; shift 2 ;;
    --matrix) matrix="$2"; shift 2 ;;
    --check) check=1; shift ;;
    --expect-alert) expect_alert="$2"; shift 2 ;;
    --keep) keep=1; shift ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) echo "demo-stack: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
case "$duration" in ''|*[!0-9]*) echo "demo-stack: --duration takes seconds" >&2; exit 2 ;; esac

kafka_port=${KAFKA_PORT:-19092}
controller_port=${KAFKA_CONTROLLER_PORT:-$((kafka_port + 1))}
prom_port=${PROMETHEUS_PORT:-19090}
metrics_port=${METRICS_PORT:-19464}
am_port=${ALERTMANAGER_PORT:-19095}
work="${VOIPWATCH_DEMO_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/voipwatch-demo.XXXXXX")}"
mkdir -p "$work"
read -r -a voipwatch <<< "${VOIPWATCH_CMD:-$here/voipwatch}"
for cmd in java prometheus curl python3; do
  command -v "$cmd" >/dev/null || { echo "demo-stack: $cmd is needed (scripts/test.sh installs prometheus)" >&2; exit 2; }
done

pids=()
cleanup() {
  local pid
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$pid" 2>/dev/null || true
  done
  if [ "$keep" -eq 0 ] && [ -z "${VOIPWATCH_DEMO_DIR:-}" ]; then rm -rf "$work"; else echo "demo-stack: kept $work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# wait_for SECONDS DESCRIPTION COMMAND...: polls COMMAND every 0.5 s
wait_for() {
  local limit=$(( $1 * 2 )) what="$2"; shift 2
  for _ in $(seq 1 "$limit"); do "$@" >/dev/null 2>&1 && return 0; sleep 0.5; done
  echo "demo-stack: timed out waiting for $what" >&2
  return 1
}

# --- Kafka: the broker's jars from Maven Central (cached per version), KRaft single node
kafka_version=$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$here/pom.xml")
slf4j_version=$(sed -n 's:.*<slf4j.version>\(.*\)</slf4j.version>.*:\1:p' "$here/pom.xml")
if [ -n "${VOIPWATCH_DEMO_KAFKA_CP:-}" ]; then
  kafka_cp="$VOIPWATCH_DEMO_KAFKA_CP"
else
  # slf4j-api 2 declared first: Kafka's own 1.7 API would not find slf4j-simple 2 and log nothing ("started")
  lib="${XDG_CACHE_HOME:-$HOME/.cache}/voipwatch/kafka_2.13-$kafka_version-slf4j-$slf4j_version"
  if [ ! -f "$lib/.complete" ]; then
    echo "demo-stack: copying org.apache.kafka:kafka_2.13:$kafka_version and its dependencies to $lib (Maven)"
    mkdir -p "$lib"
    cat > "$work/kafka-pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
  <groupId>local.voipwatch</groupId><artifactId>demo-kafka</artifactId><version>1</version>
  <dependencies>
    <dependency><groupId>org.apache.kafka</groupId><artifactId>kafka_2.13</artifactId><version>$kafka_version</version></dependency>
    <dependency><groupId>org.slf4j</groupId><artifactId>slf4j-api</artifactId><version>$slf4j_version</version></dependency>
    <dependency><groupId>org.slf4j</groupId><artifactId>slf4j-simple</artifactId><version>$slf4j_version</version></dependency>
  </dependencies>
</project>
POM
    mvn -q -B -f "$work/kafka-pom.xml" dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$lib"
    touch "$lib/.complete"
  fi
  kafka_cp="$lib/*"
fi
mkdir -p "$work/kafka-logs"
cat > "$work/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$controller_port
listeners=PLAINTEXT://127.0.0.1:$kafka_port,CONTROLLER://127.0.0.1:$controller_port
advertised.listeners=PLAINTEXT://127.0.0.1:$kafka_port
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$work/kafka-logs
num.partitions=3
auto.create.topics.enable=true
offsets.topic.replication.factor=1
offsets.topic.num.partitions=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
PROPS
kjava=(java -Xmx512m -XX:TieredStopAtLevel=1 -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$kafka_cp")
cluster_id=$("${kjava[@]}" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -1)
"${kjava[@]}" kafka.tools.StorageTool format "--cluster-id=$cluster_id" -c "$work/server.properties" \
  --ignore-formatted > "$work/kafka-format.log" 2>&1
"${kjava[@]}" -Dorg.slf4j.simpleLogger.defaultLogLevel=info kafka.Kafka "$work/server.properties" \
  > "$work/kafka.log" 2>&1 &
pids+=($!)
echo "demo-stack: Kafka $kafka_version starting on 127.0.0.1:$kafka_port (pid $!, log $work/kafka.log)"
wait_for 90 "Kafka (see $work/kafka.log)" grep -q "Kafka Server started" "$work/kafka.log"

# --- Alertmanager (optional) and Prometheus with the alert rules
alerting=""
if command -v prometheus-alertmanager >/dev/null || command -v alertmanager >/dev/null; then
  am=$(command -v alertmanager || command -v prometheus-alertmanager)
  "$am" --config.file="$here/dashboards/prometheus/alertmanager.yml" --storage.path="$work/alertmanager" \
    --web.listen-address="127.0.0.1:$am_port" --cluster.listen-address="" > "$work/alertmanager.log" 2>&1 &
  pids+=($!)
  alerting=$'alerting:\n  alertmanagers:\n    - static_configs:\n        - targets: ["127.0.0.1:'"$am_port"$'"]'
  echo "demo-stack: Alertmanager on http://127.0.0.1:$am_port (pid $!)"
fi
cat > "$work/prometheus.yml" <<PROM
global:
  scrape_interval: 5s
  evaluation_interval: 5s
rule_files: ["$here/dashboards/prometheus/alerts.yml"]
$alerting
scrape_configs:
  - job_name: voipwatch
    static_configs:
      - targets: ["127.0.0.1:$metrics_port"]
PROM
prometheus --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/tsdb" \
  --web.listen-address="127.0.0.1:$prom_port" > "$work/prometheus.log" 2>&1 &
pids+=($!)
echo "demo-stack: Prometheus on http://127.0.0.1:$prom_port (pid $!)"
wait_for 30 Prometheus curl -fsS "http://127.0.0.1:$prom_port/-/ready"

# --- voipwatch: analyse, publish to Kafka, serve the final metrics for the rest of the run. The fresh broker
# creates the topic at the first metadata request, which takes longer than voipwatch's max.block.ms of 1 s.
"${voipwatch[@]}" analyze "$capture" --matrix "$matrix" --probe demo --events "$work/events.jsonl" \
  --kafka "127.0.0.1:$kafka_port" --kafka-prop max.block.ms=10000 --metrics "127.0.0.1:$metrics_port" --linger "${duration}s" \
  > "$work/voipwatch.out" 2> "$work/voipwatch.err" &
vw=$!
pids+=($vw)
echo "demo-stack: voipwatch analyze $(basename "$capture") (pid $vw), metrics on http://127.0.0.1:$metrics_port/metrics"
wait_for 120 "voipwatch's summary (see $work/voipwatch.err)" grep -q "kafka: [0-9]* sent" "$work/voipwatch.err"
echo "demo-stack: $(grep 'kafka: [0-9]* sent' "$work/voipwatch.err")"
echo "demo-stack: $(wc -l < "$work/events.jsonl") events in $work/events.jsonl"

# alerts, as Prometheus evaluates them (the first sample is stored about 5 s after start)
alerts() {
  curl -fsS "http://127.0.0.1:$prom_port/api/v1/alerts" | python3 -c '
import json, sys
for a in json.load(sys.stdin)["data"]["alerts"]:
    l = a["labels"]
    print(a["state"], l["alertname"], l.get("severity", ""), l.get("rule", ""), l.get("probe", ""))'
}
alert_seen() { alerts | grep -q " $expect_alert "; }
if wait_for 40 "alert $expect_alert" alert_seen; then
  echo "demo-stack: alerts (state name severity rule probe):"
  alerts | sed 's/^/  /'
  alert_ok=1
else
  alert_ok=0
fi
sent=$(sed -n 's/.*kafka: \([0-9]*\) sent, \([0-9]*\) failed, \([0-9]*\) dropped.*/\1 \2 \3/p' "$work/voipwatch.err")
if [ "$check" -eq 1 ]; then
  read -r s f d <<< "$sent"
  events=$(wc -l < "$work/events.jsonl")
  if [ "$alert_ok" -eq 1 ] && [ "${s:-0}" -eq "$events" ] && [ "$events" -gt 0 ] && [ "$f$d" = "00" ]; then
    echo "demo-stack: check passed: $events events, all sent to Kafka; $expect_alert pending or firing"
    exit 0
  fi
  echo "demo-stack: check FAILED: events=$events kafka(sent failed dropped)=$sent alert=$alert_ok" >&2
  exit 1
fi
echo "demo-stack: queries: http://127.0.0.1:$prom_port/graph?g0.expr=sum%20by%20(type)%20(voipwatch_events_total)"
echo "demo-stack: running until voipwatch's linger ends (${duration}s) or Ctrl-C"
wait "$vw" || true
