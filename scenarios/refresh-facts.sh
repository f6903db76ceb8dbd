#!/usr/bin/env bash
# Re-writes the tshark-*.txt outputs and expected.json of scenario directories from their existing
# capture.pcap (no new capture), taking the voipwatch events from the JSON block at the end of each make.sh.
# Use after changing facts.py or a scenario's expected events. Usage: bash refresh-facts.sh DIR...
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
for d in "$@"; do
    events=$(sed -n "/<<'JSON'$/,/^JSON$/p" "$d/make.sh" | sed '1d;$d')
    [ -n "$events" ] || { echo "$d/make.sh: no <<'JSON' block" >&2; exit 1; }
    printf '%s\n' "$events" | python3 "$HERE/facts.py" "$d"
    echo "refreshed $d"
done
