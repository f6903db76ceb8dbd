#!/usr/bin/env bash
# A/B comparison of builds on this noisy VM: runs `voipwatch analyze` from several source trees in alternation (A B A B
# ...) on the same capture and prints each tree's median pipeline packets/s. Alternating matters: the machine's speed
# drifts by a third over an evening, so runs of A then runs of B compare two different machines.
#
#   benchmarks/ab.sh [-n RUNS] [-d DETECTORS] [-f CAPTURE] TREE...
#     RUNS       runs per tree (default 8)          DETECTORS  all (default) or none, as --detectors
#     CAPTURE    default benchmarks/work/site-2000c-24s-seed42.pcap (run benchmarks/run-whole.sh once to make it)
#     TREE       a checkout with its launcher, e.g. a worktree of the commit to compare against:
#                  git worktree add /tmp/base HEAD~1 && benchmarks/ab.sh /tmp/base .
#
# Each tree's launcher builds it on first use (outside the timed runs: one warm-up run per tree). Packets/s is the JSON
# summary's packetsPerSecond (first packet read to last event written), as in run-whole.sh.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
runs=8
detectors=all
capture="$here/work/site-2000c-24s-seed42.pcap"
while getopts "n:d:f:" o; do
  case "$o" in
    n) runs="$OPTARG" ;;
    d) detectors="$OPTARG" ;;
    f) capture="$OPTARG" ;;
    *) sed -n '2,13p' "$0" >&2; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
[ $# -ge 1 ] || { sed -n '2,13p' "$0" >&2; exit 2; }
[ -f "$capture" ] || { echo "ab.sh: no capture $capture (run benchmarks/run-whole.sh first)" >&2; exit 2; }
matrix="$here/bench-matrix.yaml"
trees=()
for t in "$@"; do trees+=("$(cd "$t" && pwd)"); done

run_one() { # tree -> packets/s
  "$1/voipwatch" analyze "$capture" --matrix "$matrix" --format json --quiet --detectors "$detectors" 2>/dev/null \
    | grep -o '"packetsPerSecond":[0-9]*' | cut -d: -f2 || true
}

for t in "${trees[@]}"; do run_one "$t" >/dev/null; done # builds and start-up archives, untimed
out="$(mktemp)"
trap 'rm -f "$out"' EXIT
for ((i = 0; i < runs; i++)); do
  for t in "${trees[@]}"; do
    echo "$t $(VOIPWATCH_NO_BUILD=1 run_one "$t")" >>"$out"
  done
done
python3 - "$out" "$detectors" <<'PY'
import statistics, sys
runs = {}
for line in open(sys.argv[1]):
    parts = line.split()
    if len(parts) == 2:
        runs.setdefault(parts[0], []).append(int(parts[1]))
print(f"--detectors {sys.argv[2]}, pipeline packets/s (alternated runs)")
for tree, v in runs.items():
    print(f"{tree}: n={len(v)} median {statistics.median(v) / 1e6:.3f} M  min {min(v) / 1e6:.2f}  max {max(v) / 1e6:.2f}"
          f"  [{' '.join(f'{x / 1e6:.2f}' for x in v)}]")
PY
