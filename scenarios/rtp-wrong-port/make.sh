#!/usr/bin/env bash
# Makes capture.pcap, the tshark reference outputs and expected.json of the rtp-wrong-port scenario: one
# call sbc 127.0.20.1 -> pbx 127.0.10.1 whose SDP says pbx 127.0.10.1:30000, but an iptables DNAT rule (nat
# OUTPUT, in the namespace) sends the caller's RTP to 127.0.10.1:30002 instead. sipp's -rtp_echo also echoes
# what arrives on -mp + 2, so the pbx answers from 30002, and conntrack rewrites that reply's source back to
# 30000: the capture holds 127.0.20.1:32000 -> 127.0.10.1:30002 and 127.0.10.1:30000 -> 127.0.20.1:32000,
# 267 packets (8 s) each.
# Run as root: bash make.sh. Everything runs inside a network namespace made here (only `lo`), so no host
# state changes (the iptables rule lives and dies with the namespace); every process started is stopped by its
# PID; the whole run takes about 11 s.
# Needs: sipp 3.6 (sip-tester), tcpdump, tshark, python3, ip, iptables.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/../lib.sh"
require_tools sipp tcpdump tshark python3 ip iptables
scenario_netns rtpport
# tcpdump on lo sees a packet after the OUTPUT chain (lo transmits after POSTROUTING), so the capture shows the
# rewritten destination port. Only the caller's RTP matches; conntrack un-NATs the echo's source port.
ip netns exec "$NS" iptables -t nat -A OUTPUT -p udp -s 127.0.20.1 --sport 32000 -d 127.0.10.1 --dport 30000 \
    -j DNAT --to-destination 127.0.10.1:30002
cd "$WORK"
cp "$HERE/../sipp/uac.xml" "$HERE/../sipp/uas.xml" "$HERE/../sipp/rtpgen.py" .
# 267 packets = 8.0 s of PCMA at 30 ms (sipp's g711a.pcap holds only 7 s: rtpgen.py renumbers its payloads).
python3 rtpgen.py media.pcap 0 267 DEE0EE8F

start_capture 'host 127.0.10.1 and host 127.0.20.1 and (udp or icmp)'

# The pbx announces 127.0.10.1:30000; -rtp_echo echoes what arrives on 30000 and on 30002 (sipp's -mp + 2).
ip netns exec "$NS" sipp -sf uas.xml -i 127.0.10.1 -p 5060 -mp 30000 -rtp_echo -m 1 -timeout 20s -nostdin \
    >uas.out 2>&1 &
UAS=$!
PIDS+=("$UAS")
sleep 0.5
ip netns exec "$NS" sipp -sf uac.xml -i 127.0.20.1 -p 5060 -mp 32000 -s pbx 127.0.10.1:5060 -d 8500 -m 1 \
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
  {"type": "wrong_port_media", "reason": "sdp_mismatch", "mismatch": "destination",
   "src": "127.0.20.1:32000", "dst": "127.0.10.1:30002", "negotiatedAddress": "127.0.10.1", "negotiatedPort": 30000,
   "rule": "sbc-pbx-rtp",
   "why": "RTP of the call comes from the caller's SDP endpoint 127.0.20.1:32000 but goes to 127.0.10.1:30002, which no SDP announced (the answer said 127.0.10.1:30000); once per call"},
  {"type": "call_summary", "call": "127.0.20.1:5060 -> 127.0.10.1:5060 (sbc -> pbx)", "answered": true,
   "final_response": 200, "ended_by": "BYE from the caller, 200",
   "rtp": ["127.0.20.1:32000 -> 127.0.10.1:30002 (267, to an unannounced port)", "127.0.10.1:30000 -> 127.0.20.1:32000 (267)"]},
  {"type": "none_other", "note": "no unexpected_flow (30002 is inside sbc-pbx-rtp's udp 30000-34999; the echo 127.0.10.1:30000 -> 127.0.20.1:32000 is a pbx-first flow, matched by the media rule's reverse orientation), no outside_permitted_range, no blocked_flow, no ICMP"}
]
JSON
echo "done: $HERE"
