#!/usr/bin/env bash
# Sustained-load check of live capture: tcpreplay replays a generated site capture onto a veth pair at increasing
# rates while `voipwatch monitor -i <veth peer>` runs inside a network namespace; per rate, the frames sent, received
# by libpcap, dropped by the kernel, lost at a full packet ring, and the highest rate with nothing lost.
#
#   sudo benchmarks/run-live.sh [PPS...]        default: 10000 20000 25000 30000 50000 100000 200000 400000
#                                               a rate "top" replays with --topspeed (as fast as tcpreplay can)
#
# Needs root (netns, veth, capture), tcpreplay (Debian: apt-get install tcpreplay; the script skips, exit 0, when it
# is missing), iproute2, java. Environment:
#   LIVE_SECONDS=5       seconds of replay per rate (the capture is looped to fill them)
#   LIVE_CALLS=200       calls of the generated capture (benchmarks/README.md: 200 calls = 245,723 packets, 24 s)
#   LIVE_BUFFER_MB=16    monitor --buffer-mb        LIVE_EXTRA="..."  more monitor options
#                        (LIVE_EXTRA="--capture-api pcap4j" measures the old read path, docs/live.md "Copies")
#   LIVE_TOP_PACKETS=2000000  packets replayed for a "top" rate and for the ceiling run
#   LIVE_CEILING=1       first replay at --topspeed with no monitor: tcpreplay's own ceiling on this machine
#                        (and what the peer's kernel counted), printed above the table; 0 to skip
#   LIVE_PRELOAD=1       tcpreplay -K (preload the capture into memory: no file reads while replaying)
#   BENCH_WORK=DIR       captures and raw outputs (default benchmarks/work, gitignored; the capture is reused)
#
# Creates the namespace vwlive-$$ and the veth pair vwl$$a/vwl$$b, and removes them on exit; kills only the PIDs it
# started. Prints a Markdown table and keeps it in BENCH_WORK/live-*.md.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
work="${BENCH_WORK:-$here/work}"
secs="${LIVE_SECONDS:-5}"
calls="${LIVE_CALLS:-200}"
buffer_mb="${LIVE_BUFFER_MB:-16}"
jar="$here/target/benchmarks.jar"
if [ "$#" -gt 0 ]; then rates=("$@"); else rates=(10000 20000 25000 30000 50000 100000 200000 400000); fi

if ! command -v tcpreplay >/dev/null; then
  echo "run-live: tcpreplay is not installed (Debian: apt-get install tcpreplay); skipped" >&2
  exit 0
fi
[ "$(id -u)" = 0 ] || { echo "run-live: needs root (network namespace, veth, capture)" >&2; exit 2; }
for tool in ip java; do command -v "$tool" >/dev/null || { echo "run-live: $tool is needed" >&2; exit 2; }; done
mkdir -p "$work"

"$root/voipwatch" --help >/dev/null 2>&1 || true
pcap="$work/site-${calls}c-24s-seed42.pcap"
if [ ! -f "$pcap" ]; then
  if [ ! -f "$jar" ]; then
    echo "run-live: building benchmarks module (to generate the capture)..." >&2
    (cd "$root" && mvn -q -B -Dstyle.color=never -DskipTests -pl benchmarks -am package >&2)
  fi
  java -cp "$jar" org.voipwatch.bench.SiteCaptureGenerator --calls "$calls" --seconds 24 --out "$pcap" >&2
fi
top_packets="${LIVE_TOP_PACKETS:-2000000}"
preload=()
if [ "${LIVE_PRELOAD:-1}" = 1 ]; then preload=(-K); fi
file_packets=$(capinfos -M -c "$pcap" 2>/dev/null | awk -F': *' '/Number of packets/ {print $2}' || true)

ns="vwlive-$$"
a="vwl$$a"
b="vwl$$b"
mon_pid=""
cleanup() {
  if [ -n "$mon_pid" ] && kill -0 "$mon_pid" 2>/dev/null; then kill -TERM "$mon_pid" 2>/dev/null || true; fi
  ip link del "$a" 2>/dev/null || true
  ip netns del "$ns" 2>/dev/null || true
}
trap cleanup EXIT
ip netns add "$ns"
ip link add "$a" type veth peer name "$b"
ip link set "$b" netns "$ns"
ip link set "$a" up
ip netns exec "$ns" ip link set "$b" up
ip netns exec "$ns" ip link set lo up
sleep 1 # let the link come up (carrier) before the replay

ts="$(date -u +%Y%m%dT%H%M%SZ)"
results="$work/live-$ts.md"
best="none"
{
  echo "run-live.sh ${rates[*]} at $ts on $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); capture $(basename "$pcap") ($file_packets packets), ${secs} s per rate, --buffer-mb $buffer_mb, monitor options '${LIVE_EXTRA:-}', tcpreplay ${preload[*]:-(no -K)}"
  echo
} | tee "$results"
peer_rx() { ip netns exec "$ns" cat "/sys/class/net/$b/statistics/rx_packets"; }
if [ "${LIVE_CEILING:-1}" = 1 ]; then
  rx0=$(peer_rx)
  tcpreplay -i "$a" --topspeed "${preload[@]}" --limit "$top_packets" --loop 0 "$pcap" >"$work/tcpreplay-ceiling.txt" 2>&1 || true
  rx1=$(peer_rx)
  top=$(awk '/Rated:/ {for (i=1;i<=NF;i++) if ($i ~ /pps/) {print $(i-1); exit}}' "$work/tcpreplay-ceiling.txt")
  echo "tcpreplay ceiling, no monitor: --topspeed $top_packets packets at ${top:-?} pps; the peer counted $((rx1 - rx0)) rx packets (load $(cut -d' ' -f1-3 /proc/loadavg))" | tee -a "$results"
  echo | tee -a "$results"
fi
{
  echo "| target pps | tcpreplay pps (actual) | sent | received (pcap_stats) | published | kernel dropped | if dropped | ring full | lost % | capture_loss events | capture thread CPU s | monitor CPU s | load (1 min) |"
  echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
} | tee -a "$results"
# CPU seconds (user + system) of a process, or of its threads whose name starts with $2, from /proc (clock ticks)
cpu_secs() {
  local hz total=0 f
  hz=$(getconf CLK_TCK)
  for f in /proc/"$1"/task/*; do
    if [ -n "${2:-}" ] && ! grep -q "^$2" "$f/comm" 2>/dev/null; then continue; fi
    total=$((total + $(awk '{print $14 + $15}' "$f/stat" 2>/dev/null || echo 0)))
  done
  [ -n "${2:-}" ] || total=$(awk '{print $14 + $15}' "/proc/$1/stat")
  awk -v t="$total" -v hz="$hz" 'BEGIN { printf "%.2f", t / hz }'
}

for pps in "${rates[@]}"; do
  if [ "$pps" = top ]; then limit=$top_packets; speed=(--topspeed); else limit=$((pps * secs)); speed=(--pps "$pps"); fi
  out="$work/live-$pps.json"
  err="$work/live-$pps.err"
  : >"$err"
  # the monitor runs inside the namespace, on the peer end; --duration bounds it should the signal be lost
  ip netns exec "$ns" env VOIPWATCH_NO_BUILD=1 "$root/voipwatch" monitor -i "$b" --promisc \
      --matrix "$here/bench-matrix.yaml" --format json --buffer-mb "$buffer_mb" --duration $((secs + 60)) \
      ${LIVE_EXTRA:-} >"$out" 2>"$err" &
  mon_pid=$!
  for _ in $(seq 150); do grep -q "voipwatch: monitoring" "$err" && break; sleep 0.1; done
  grep -q "voipwatch: monitoring" "$err" || { echo "run-live: monitor did not start: $(cat "$err")" >&2; exit 2; }
  tcpreplay -i "$a" "${speed[@]}" "${preload[@]}" --limit "$limit" --loop 0 "$pcap" >"$work/tcpreplay-$pps.txt" 2>&1 || true
  sleep 1 # the last TPACKET_V3 block (100 ms) and the next ring batch
  # ip netns exec, env and the launcher exec each other: mon_pid is the JVM's PID by now
  cap_cpu=$(cpu_secs "$mon_pid" voipwatch-capt)
  mon_cpu=$(cpu_secs "$mon_pid")
  # per-thread CPU seconds of the monitor (name, user+system), to see which thread a rate saturates
  for t in /proc/"$mon_pid"/task/*; do
    awk -v n="$(cat "$t/comm")" -v hz="$(getconf CLK_TCK)" '{ printf "%s\t%.2f\n", n, ($14 + $15) / hz }' "$t/stat"
  done | sort -t$'\t' -k2 -rn | head -8 >"$work/live-$pps.threads"
  kill -TERM "$mon_pid"
  wait "$mon_pid" || true
  mon_pid=""
  sent=$(awk '/Actual:/ {print $2; exit}' "$work/tcpreplay-$pps.txt")
  actual=$(awk '/Rated:/ {for (i=1;i<=NF;i++) if ($i ~ /pps/) {print $(i-1); exit}}' "$work/tcpreplay-$pps.txt")
  read -r received published dropped ifdropped ringfull lossevents < <(python3 - "$out" <<'PY'
import json, sys
text = open(sys.argv[1]).read()
j = json.loads(text[text.index('{'):])
c = j["capture"][0]
print(c["received"], c["published"], c["dropped"], c["ifDropped"], c["ringFull"],
      j["events"]["byTypeSeverity"].get("capture_loss/warning", 0))
PY
)
  lost=$((dropped + ifdropped + ringfull))
  pct=$(awk -v l="$lost" -v s="${sent:-0}" 'BEGIN { if (s > 0) printf "%.3f", 100 * l / s; else print "-" }')
  echo "| $pps | ${actual:-?} | ${sent:-?} | $received | $published | $dropped | $ifdropped | $ringfull | $pct | $lossevents | $cap_cpu | $mon_cpu | $(cut -d' ' -f1 /proc/loadavg) |" \
    | tee -a "$results"
  # published may exceed sent by the few frames the kernel sends itself on a new link (IPv6 RS/MLD)
  if [ "$lost" = 0 ] && [ "$published" -ge "${sent:-999999999999}" ]; then
    best="$pps (tcpreplay actual ${actual:-?} pps)"
  fi
done
echo | tee -a "$results"
echo "highest rate with zero drops and every frame published: $best" | tee -a "$results"
