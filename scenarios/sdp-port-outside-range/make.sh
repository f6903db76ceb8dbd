#!/usr/bin/env bash
# Makes capture.pcap, the tshark reference outputs and expected.json of the sdp-port-outside-range scenario: one
# two-way call sbc 127.0.20.1 -> pbx 127.0.10.1 in which the pbx answers with SDP media port 40000, outside the
# pbx's documented RTP range udp 30000-34999 (demo matrix rule sbc-pbx-rtp); 8 s of RTP each way on that port
# (the pbx echoes the caller's RTP).
# Run as root: bash make.sh. Everything runs inside a network namespace made here (only `lo`), so no host
# state changes; every process started is stopped by its PID; the whole run takes about 11 s.
# Needs: sipp 3.6 (sip-tester), tcpdump, tshark, python3, ip.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/../lib.sh"
require_tools sipp tcpdump tshark python3 ip
scenario_netns sdprange
cd "$WORK"
cp "$HERE/../sipp/uac.xml" "$HERE/../sipp/uas.xml" "$HERE/../sipp/rtpgen.py" .
# 267 packets = 8.0 s of PCMA at 30 ms (sipp's g711a.pcap holds only 7 s: rtpgen.py renumbers its payloads).
python3 rtpgen.py media.pcap 0 267 DEE0EE8F

start_capture 'host 127.0.10.1 and host 127.0.20.1 and (udp or icmp)'

# -mp 40000: the pbx's SDP answer announces 127.0.10.1:40000, and it echoes RTP from there.
ip netns exec "$NS" sipp -sf uas.xml -i 127.0.10.1 -p 5060 -mp 40000 -rtp_echo -m 1 -timeout 20s -nostdin \
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
  {"type": "wrong_port_media", "reason": "outside_permitted_range", "source": "sdp", "announcedBy": "callee",
   "src": "127.0.20.1:32000", "dst": "127.0.10.1:40000", "rule": null,
   "why": "the negotiated pair (offer 127.0.20.1:32000, answer 127.0.10.1:40000) matches no rule, although the media rule sbc-pbx-rtp connects sbc and pbx (pbx side udp 30000-34999); raised when the 200 OK is seen, once per call"},
  {"type": "call_summary", "call": "127.0.20.1:5060 -> 127.0.10.1:5060 (sbc -> pbx)", "answered": true,
   "final_response": 200, "ended_by": "BYE from the caller, 200", "verdict": "ok", "media": "two-way",
   "rtp": ["127.0.20.1:32000 -> 127.0.10.1:40000", "127.0.10.1:40000 -> 127.0.20.1:32000"], "lost": 0},
  {"type": "unexpected_flow", "src": "127.0.20.1:32000", "dst": "127.0.10.1:40000", "app": "rtp", "rule": null,
   "why": "the RTP flow itself is documented by no rule (sbc-pbx-rtp permits only udp 30000-34999 on the pbx side, and the caller sent first, so the reverse orientation does not apply); docs/events.md: unexpected_flow is one event per undocumented flow, and no exception is documented for call media (only for TURN-relayed media)"},
  {"type": "none_other", "note": "no one_way_audio or no_audio (media flows both ways on the SDP addresses), no sdp_mismatch, no second wrong_port_media (once per call), no blocked_flow"}
]
JSON
echo "done: $HERE"
