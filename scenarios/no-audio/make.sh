#!/usr/bin/env bash
# Makes capture.pcap, the tshark reference outputs and expected.json of the no-audio scenario: one answered
# call sbc 127.0.20.1 -> pbx 127.0.10.1 whose SDP asks for media both ways (sendrecv by default, RFC 4566
# 6), and no RTP at all: the caller plays nothing (uac-silent.xml), the callee does not echo. The call lasts 8 s.
# Run as root: bash make.sh. Everything runs inside a network namespace made here (only `lo`), so no host
# state changes; every process started is stopped by its PID; the whole run takes about 11 s.
# Needs: sipp 3.6 (sip-tester), tcpdump, tshark, python3, ip.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/../lib.sh"
require_tools sipp tcpdump tshark python3 ip
scenario_netns noaudio
cd "$WORK"
cp "$HERE/uac-silent.xml" "$HERE/../sipp/uas.xml" .

start_capture 'host 127.0.10.1 and host 127.0.20.1 and (udp or icmp)'

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
