#!/usr/bin/env bash
# Makes capture.pcap, the tshark reference outputs and expected.json of the no-audio scenario: one answered
# call sbc 127.0.20.1 -> pbx 127.0.10.1 whose SDP asks for media both ways (sendrecv by default, RFC 4566
# 6), and no RTP at all: the caller plays nothing (uac-silent.xml), the callee does not echo. The call lasts 8 s.
# Run as root: bash make.sh. Everything runs inside a network namespace made here (only `lo`), so no host
# state changes; every process started is stopped by its PID; the whole run takes about 11 s.
# Needs: sipp 3.6 (sip-tester), tcpdump, tshark, python3, ip.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
NS=vw-noaudio-$$
WORK=$(mktemp -d)
PIDS=()
for t in sipp tcpdump tshark python3 ip; do
    command -v "$t" >/dev/null || { echo "missing: $t" >&2; exit 1; }
done

stop() {   # stop PID: polite signal, then KILL after 3 s; only our own PIDs
    local pid=$1 sig=${2:-TERM} i
    kill -"$sig" "$pid" 2>/dev/null || return 0
    for i in $(seq 30); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
}
cleanup() {
    local p
    for p in "${PIDS[@]}"; do stop "$p"; done
    ip netns del "$NS" 2>/dev/null || true
    if [ -n "${KEEP_WORK:-}" ]; then echo "kept $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
# Background jobs call `ip netns exec` directly (no shell function) so that $! is the program's own PID:
# ip netns exec execs the program in place.

ip netns add "$NS"
ip netns exec "$NS" ip link set lo up
cd "$WORK"
cp "$HERE/uac-silent.xml" "$HERE/../sipp/uas.xml" .

# --immediate-mode: without it a SIGINT ends tcpdump before it drains its TPACKET_V3 ring (last packets lost).
ip netns exec "$NS" tcpdump -i lo -Z root -s 0 -U --immediate-mode -w "$WORK/capture.pcap" \
    'host 127.0.10.1 and host 127.0.20.1 and (udp or icmp)' 2>tcpdump.err &
TCPDUMP=$!
PIDS+=("$TCPDUMP")
for i in $(seq 50); do grep -q listening tcpdump.err && break; sleep 0.1; done

# No -rtp_echo: the callee sends no RTP (sipp still binds -mp, so nothing draws ICMP).
ip netns exec "$NS" sipp -sf uas.xml -i 127.0.10.1 -p 5060 -mp 30000 -m 1 -timeout 20s -nostdin \
    >uas.out 2>&1 &
UAS=$!
PIDS+=("$UAS")
sleep 0.5
ip netns exec "$NS" sipp -sf uac-silent.xml -i 127.0.20.1 -p 5060 -mp 32000 -s pbx 127.0.10.1:5060 -d 8000 -m 1 \
    -timeout 20s -nostdin >uac.out 2>&1 &
UAC=$!
PIDS+=("$UAC")
wait "$UAC" || echo "sipp uac exited $?" >&2
wait "$UAS" || echo "sipp uas exited $?" >&2
sleep 1
stop "$TCPDUMP" INT
cp "$WORK/capture.pcap" "$HERE/capture.pcap"

python3 "$HERE/../facts.py" "$HERE" <<'JSON'
[
  {"type": "no_audio", "call": "127.0.20.1:5060 -> 127.0.10.1:5060 (sbc -> pbx)",
   "src": "127.0.20.1:32000 (caller's SDP media)", "dst": "127.0.10.1:30000 (callee's SDP media)",
   "rule": "sbc-pbx-rtp", "why": "answered 200, both SDPs sendrecv (no direction attribute), no RTP either way"},
  {"type": "call_summary", "call": "127.0.20.1:5060 -> 127.0.10.1:5060 (sbc -> pbx)", "answered": true,
   "final_response": 200, "ended_by": "BYE from the caller after 8 s, 200", "verdict": "no_audio",
   "media": "none", "rtp": []},
  {"type": "none_other", "note": "no one_way_audio, wrong_port_media, blocked_flow or unexpected_flow: there is no media flow at all, and the SIP flow is documented (sbc-sip-pbx)"}
]
JSON
echo "done: $HERE"
