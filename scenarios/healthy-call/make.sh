#!/usr/bin/env bash
# Makes capture.pcap, the tshark reference outputs and expected.json of the healthy-call scenario: one
# two-way call sbc 127.0.20.1 -> pbx 127.0.10.1 (sipp; the pbx echoes the caller's RTP).
# Run as root: bash make.sh. Everything runs inside a network namespace made here (only `lo`), so no host
# state changes; every process started is stopped by its PID; the whole run takes about 8 s.
# Needs: sipp 3.6 (sip-tester), tcpdump, tshark, editcap, python3.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/../lib.sh"
require_tools sipp tcpdump tshark editcap python3 ip
scenario_netns healthy
cd "$WORK"
# The caller plays the first 120 packets (3.6 s, PCMA, 30 ms) of the RTP file sipp ships.
editcap -r /usr/share/sip-tester/g711a.pcap media.pcap 1-120
cp "$HERE/../sipp/uac.xml" "$HERE/../sipp/uas.xml" .

start_capture 'host 127.0.10.1 and host 127.0.20.1 and (udp or icmp)'

ip netns exec "$NS" sipp -sf uas.xml -i 127.0.10.1 -p 5060 -mp 30000 -rtp_echo -m 1 -timeout 15s -nostdin \
    >uas.out 2>&1 &
UAS=$!
PIDS+=("$UAS")
sleep 0.5
ip netns exec "$NS" sipp -sf uac.xml -i 127.0.20.1 -p 5060 -mp 32000 -s pbx 127.0.10.1:5060 -d 4000 -m 1 -timeout 15s \
    -nostdin >uac.out 2>&1 &
UAC=$!
PIDS+=("$UAC")
wait "$UAC" || echo "sipp uac exited $?" >&2
wait "$UAS" || echo "sipp uas exited $?" >&2
sleep 1
stop "$TCPDUMP" INT
cp "$WORK/capture.pcap" "$HERE/capture.pcap"

python3 "$HERE/../facts.py" "$HERE" <<'JSON'
[
  {"type": "call_summary", "call": "127.0.20.1:5060 -> 127.0.10.1:5060 (sbc -> pbx)", "answered": true,
   "final_response": 200, "ended_by": "BYE from the caller, 200",
   "media": "two-way", "rtp": ["127.0.20.1:32000 -> 127.0.10.1:30000", "127.0.10.1:30000 -> 127.0.20.1:32000"],
   "lost": 0},
  {"type": "none_other", "note": "no one_way_audio, no_audio, wrong_port_media, blocked_flow or unexpected_flow given a matrix that allows sbc->pbx SIP udp/5060 and sbc<->pbx RTP udp/30000-34999: both RTP directions use exactly the SDP addresses (offer 127.0.20.1:32000, answer 127.0.10.1:30000)"}
]
JSON
echo "done: $HERE"
