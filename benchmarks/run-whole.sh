#!/usr/bin/env bash
# Whole-run comparison: voipwatch analyze vs tshark in two modes (and ndpiReader when installed) on generated site
# captures. tshark runs `-q -z conv,udp` (UDP conversations) and, as issue 9 asks, `-q -o rtp.heuristic_rtp:TRUE
# -z rtp,streams` (RTP found without its SIP, per-stream loss and jitter: the closer match to voipwatch's work).
#
#   benchmarks/run-whole.sh [CALLS...]          default: 200 2000 (24 s of traffic each: ~250 k and ~2.5 M packets)
#
# Environment:
#   SKIP_TSHARK=1        do not run tshark at all (quick runs; tshark needs minutes on the large file)
#   SKIP_TSHARK_RTP=1    run tshark's conv,udp mode only (not the rtp,streams mode)
#   SKIP_NDPI=1          do not run ndpiReader even when it is installed
#   BENCH_SECONDS=24     seconds of traffic per capture      BENCH_SEED=42  generator seed
#   BENCH_WORK=DIR       where captures and raw outputs go (default benchmarks/work, gitignored; reused if present)
#   BENCH_TIMEOUT=1800   per-tool time limit in seconds (a tool that hits it is reported as "timeout")
#   BENCH_RUNS=1         rounds per capture; each round runs every tool once, in turn (voipwatch, tshark x2,
#                        ndpiReader), so the tools share the machine's speed of that minute. With more than one round
#                        the table gives each tool's median time and, as speed-up, the median of the rounds' own
#                        ratios; the rounds' ratios are listed under the table.
#
# Non-destructive: it only writes under BENCH_WORK (captures are generated to *.part and renamed when complete).
# Prints a Markdown table on stdout and keeps it in BENCH_WORK/results-*.md.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
work="${BENCH_WORK:-$here/work}"
secs="${BENCH_SECONDS:-24}"
seed="${BENCH_SEED:-42}"
limit="${BENCH_TIMEOUT:-1800}"
rounds="${BENCH_RUNS:-1}"
[[ "$rounds" =~ ^[1-9][0-9]*$ ]] || { echo "run-whole: BENCH_RUNS must be a positive number" >&2; exit 2; }
matrix="$here/bench-matrix.yaml"
jar="$here/target/benchmarks.jar"
if [ "$#" -gt 0 ]; then sizes=("$@"); else sizes=(200 2000); fi

for tool in /usr/bin/time timeout java; do
  command -v "$tool" >/dev/null || { echo "run-whole: $tool is needed (apt-get install time coreutils)" >&2; exit 2; }
done
mkdir -p "$work"

# 1. build: the generator jar (and with it capture + analyzer) when missing or older than a source
if [ ! -f "$jar" ] || [ -n "$(find "$root/pom.xml" "$root/capture" "$root/analyzer" "$here/pom.xml" "$here/src/main" \
      -newer "$jar" \( -name '*.java' -o -name 'pom.xml' \) -print -quit 2>/dev/null)" ]; then
  echo "run-whole: building benchmarks module..." >&2
  (cd "$root" && mvn -q -B -Dstyle.color=never -DskipTests -pl benchmarks -am package >&2)
fi
# the launcher builds the analyzer itself on first use; make that happen outside the timed runs
"$root/voipwatch" --help >/dev/null 2>&1 || true

wall_s() { # "Elapsed (wall clock) time (h:mm:ss or m:ss): 1:02.03" -> seconds
  awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,p,":"); s=0; for(i=1;i<=n;i++) s=s*60+p[i]; printf "%.2f", s}' "$1"
}
cpu_s() { awk -F': ' '/User time \(seconds\)/ {u=$2} /System time \(seconds\)/ {s=$2} END {printf "%.2f", u+s}' "$1"; }
rss_mib() { awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2/1024}' "$1"; }
rate() { awk -v n="$1" -v s="$2" 'BEGIN { if (s > 0) printf "%.0f", n / s; else print "-" }'; }
warm() { cat "$1" >/dev/null; } # page cache: every tool reads the file from memory, not from the disk

# run LABEL OUTFILE CMD...: timed with /usr/bin/time -v, bounded by timeout; sets rc
run_timed() {
  local label="$1" out="$2"; shift 2
  set +e
  /usr/bin/time -v -o "$work/time-$label.txt" timeout "$limit" "$@" >"$out" 2>"$work/stderr-$label.txt"
  rc=$?
  set -e
}

ratio() { # ratio A B: "A/Bx", or "-" when either is missing
  awk -v a="$1" -v b="$2" \
    'BEGIN { if (a ~ /^[0-9.]+$/ && b ~ /^[0-9.]+$/ && b > 0) printf "%.1fx", a / b; else print "-" }'
}

median() { # numbers... -> their median ("-" for none)
  printf '%s\n' "$@" | sort -g | awk '{ a[NR] = $1 } END {
    if (NR == 0) print "-"; else if (NR % 2) print a[(NR + 1) / 2]; else printf "%.2f\n", (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}

# measure LABEL CALLS CMD...: times another tool on the file like voipwatch; appends this round's figures to the
# tool's lists ("status wall cpu rss" lines in $work/round-LABEL-CALLS.txt)
measure() {
  local label="$1" calls="$2"; shift 2
  warm "$file"
  run_timed "$label-$calls" "$work/$label-$calls.txt" "$@"
  local t="$work/time-$label-$calls.txt"
  if [ "$rc" -eq 124 ]; then echo "timeout" >>"$work/round-$label-$calls.txt"; return; fi
  if [ "$rc" -ne 0 ]; then
    echo "run-whole: $label failed (exit $rc), see $work/stderr-$label-$calls.txt" >&2
    echo "failed" >>"$work/round-$label-$calls.txt"
    return
  fi
  echo "ok $(wall_s "$t") $(cpu_s "$t") $(rss_mib "$t")" >>"$work/round-$label-$calls.txt"
}

# cells LABEL CALLS: the table cells "wall | pkt/s | CPU | RSS | speed-up wall | speed-up CPU" over the rounds (medians;
# speed-ups are the medians of each round's ratio to voipwatch's figures in $work/round-vw-CALLS.txt)
cells() {
  local f="$work/round-$1-$2.txt" v="$work/round-vw-$2.txt"
  [ -f "$f" ] || { echo "$skipped"; return; }
  if grep -q '^timeout' "$f"; then echo "timeout | - | - | - | - | -"; return; fi
  if grep -q '^failed' "$f"; then echo "failed | - | - | - | - | -"; return; fi
  local wall cpu rss rw rc_
  wall=$(median $(awk '{print $2}' "$f")); cpu=$(median $(awk '{print $3}' "$f"))
  rss=$(awk '$4 > m { m = $4 } END { print m }' "$f")
  rw=$(median $(paste -d' ' "$f" "$v" | awk '$6 > 0 { printf "%.3f\n", $2 / $6 }'))
  rc_=$(median $(paste -d' ' "$f" "$v" | awk '$7 > 0 { printf "%.3f\n", $3 / $7 }'))
  echo "$wall | $(rate "$packets" "$wall") | $cpu | $rss | $(ratio "$rw" 1) | $(ratio "$rc_" 1)"
}

# the rounds' own wall-time ratios of a tool, e.g. "24.1x 22.9x 25.0x" (listed under the table)
round_ratios() {
  local f="$work/round-$1-$2.txt" v="$work/round-vw-$2.txt"
  if [ ! -f "$f" ] || grep -qv '^ok' "$f"; then echo "-"; return; fi
  paste -d' ' "$f" "$v" | awk '$6 > 0 { printf "%s%.1fx", (NR > 1 ? " " : ""), $2 / $6 }'
}
skipped="- | - | - | - | - | -"

# How fast this machine's CPU is right now: a fixed single-core Python loop, in millions of iterations per second. On
# the shared VM we measure on, single-core speed varied by a third within one evening (2026-11-22; 5.6 at 22:20 UTC, a
# slow stretch), and every figure below moves with it: compare speed-ups (same run) rather than times across runs.
cpu_speed() {
  python3 -c 'import time
t = time.time(); n = 0
while time.time() - t < 1.0:
    for i in range(10000): n += 1
print(round(n / (time.time() - t) / 1e6, 1))' 2>/dev/null || echo "?"
}

ts="$(date -u +%Y%m%dT%H%M%SZ)"
notes=()
results="$work/results-$ts.md"
{
  echo "run-whole.sh $* at $ts on $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
  echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg); CPU speed index at start: $(cpu_speed) (see cpu_speed)"
  echo
  echo "Speed-up = the other tool's figure / voipwatch's (wall: elapsed seconds; CPU: user + sys seconds)."
  [ "$rounds" -eq 1 ] || echo "$rounds rounds per capture: times are medians, speed-ups the medians of each round's ratio."
  echo
  echo "| file | packets | size MiB | voipwatch pipeline pkt/s | voipwatch wall s | voipwatch pkt/s (whole) | voipwatch CPU s | voipwatch peak RSS MiB | tshark conv,udp wall s | tshark conv,udp pkt/s | tshark conv,udp CPU s | tshark conv,udp peak RSS MiB | speed-up vs conv,udp wall | speed-up vs conv,udp CPU | tshark rtp,streams wall s | tshark rtp,streams pkt/s | tshark rtp,streams CPU s | tshark rtp,streams peak RSS MiB | speed-up vs rtp,streams wall | speed-up vs rtp,streams CPU | ndpiReader wall s | ndpiReader pkt/s | ndpiReader CPU s | ndpiReader peak RSS MiB | speed-up vs ndpiReader wall | speed-up vs ndpiReader CPU |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
} >"$results"

for calls in "${sizes[@]}"; do
  name="site-${calls}c-${secs}s-seed${seed}.pcap"
  file="$work/$name"
  if [ ! -f "$file" ]; then
    echo "run-whole: generating $name ..." >&2
    java -Xmx512m -cp "$jar" org.voipwatch.bench.SiteCaptureGenerator --calls "$calls" --seconds "$secs" \
      --seed "$seed" --out "$file" >&2
  fi
  size_mib=$(awk -v b="$(stat -L -c %s "$file")" 'BEGIN { printf "%.0f", b / 1048576 }')

  rm -f "$work"/round-*-"$calls".txt
  pipelines=()
  for ((round = 1; round <= rounds; round++)); do
    [ "$rounds" -eq 1 ] || echo "run-whole: round $round of $rounds on $name" >&2
    warm "$file"
    echo "run-whole: voipwatch on $name ..." >&2
    run_timed "vw-$calls" "$work/vw-$calls.json" "$root/voipwatch" analyze "$file" --matrix "$matrix" --format json --quiet
    if [ "$rc" -gt 1 ]; then # 1 = critical events found, still a complete run
      echo "run-whole: voipwatch failed (exit $rc), see $work/stderr-vw-$calls.txt" >&2; exit 1
    fi
    t="$work/time-vw-$calls.txt"
    echo "ok $(wall_s "$t") $(cpu_s "$t") $(rss_mib "$t")" >>"$work/round-vw-$calls.txt"
    packets=$(grep -o '"packets":[0-9]*' "$work/vw-$calls.json" | head -1 | cut -d: -f2)
    pipelines+=("$(grep -o '"packetsPerSecond":[0-9.]*' "$work/vw-$calls.json" | head -1 | cut -d: -f2)")

    if [ "${SKIP_TSHARK:-}" != "1" ] && command -v tshark >/dev/null; then
      echo "run-whole: tshark -z conv,udp on $name (may take minutes) ..." >&2
      measure tshark "$calls" tshark -r "$file" -q -z conv,udp
      if [ "${SKIP_TSHARK_RTP:-}" != "1" ]; then
        echo "run-whole: tshark -z rtp,streams on $name (may take minutes) ..." >&2
        measure tshark-rtp "$calls" tshark -r "$file" -q -o rtp.heuristic_rtp:TRUE -z rtp,streams
      fi
    fi
    if [ "${SKIP_NDPI:-}" != "1" ] && command -v ndpiReader >/dev/null; then
      echo "run-whole: ndpiReader on $name ..." >&2
      measure ndpi "$calls" ndpiReader -i "$file" -q
    fi
  done

  v="$work/round-vw-$calls.txt"
  pipeline=$(median "${pipelines[@]}" | awk '{ printf "%.0f", $1 }')
  vw_wall=$(median $(awk '{print $2}' "$v"))
  vw_cpu=$(median $(awk '{print $3}' "$v"))
  vw_rss=$(awk '$4 > m { m = $4 } END { print m }' "$v")
  vw_cells="$pipeline | $vw_wall | $(rate "$packets" "$vw_wall") | $vw_cpu | $vw_rss"
  echo "| $name | $packets | $size_mib | $vw_cells | $(cells tshark "$calls") | $(cells tshark-rtp "$calls") | $(cells ndpi "$calls") |" >>"$results"
  if [ "$rounds" -gt 1 ]; then
    notes+=("$name, $rounds rounds: voipwatch wall s $(awk '{printf "%s%s", (NR > 1 ? " " : ""), $2}' "$v"); \
speed-up per round vs conv,udp: $(round_ratios tshark "$calls"); vs rtp,streams: $(round_ratios tshark-rtp "$calls"); \
vs ndpiReader: $(round_ratios ndpi "$calls")")
  fi
done
echo >>"$results"
for n in "${notes[@]+"${notes[@]}"}"; do echo "$n" >>"$results"; echo >>"$results"; done
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg); CPU speed index at end: $(cpu_speed)" >>"$results"
cat "$results"
