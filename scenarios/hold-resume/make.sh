#!/usr/bin/env bash
# Makes capture.pcap, the tshark reference outputs and expected.json of the hold-resume scenario: one call sbc
# 127.0.20.1 -> pbx 127.0.10.1 (sipp with this directory's uac-hold.xml / uas-hold.xml): 6 s of two-way RTP, a
# re-INVITE a=sendonly (hold: the pbx answers a=recvonly; 2 s of RTP caller -> callee only), a re-INVITE
# a=sendrecv (resume), 6 s of two-way RTP, BYE. Each side plays its own RTP (own SSRC); no echo.
# Run as root: bash make.sh. Everything runs inside a network namespace made here (only `lo`), so no host
# state changes; every process started is stopped by its PID; the whole run takes about 17 s.
# Needs: sipp 3.6 (sip-tester), tcpdump, tshark, python3, ip.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/../lib.sh"
require_tools sipp tcpdump tshark python3 ip
scenario_netns hold
cd "$WORK"
cp "$HERE/uac-hold.xml" "$HERE/uas-hold.xml" "$HERE/../sipp/rtpgen.py" .
# RTP segments (PCMA, 30 ms), numbered so each side's sequence numbers run on across hold and resume; the last
# argument moves the RTP timestamps on over the pauses (0.3 s between the caller's segments, 2.6 s for the held
# callee: 10 and 87 packet times), as a real sender's sampling clock would (RFC 3550 5.1).
python3 rtpgen.py uac-talk1.pcap 0 200 DEE0EE8F 0       # caller, before the hold: 6.0 s
python3 rtpgen.py uac-hold.pcap 200 67 DEE0EE8F 210     # caller, during the hold (music on hold): 2.0 s
python3 rtpgen.py uac-talk2.pcap 267 200 DEE0EE8F 287   # caller, after the resume: 6.0 s
python3 rtpgen.py uas-talk1.pcap 0 200 0A0B0C0D 0       # callee, before the hold
python3 rtpgen.py uas-talk2.pcap 200 200 0A0B0C0D 287   # callee, after the resume (silent while held)

start_capture 'host 127.0.10.1 and host 127.0.20.1 and (udp or icmp)'

ip netns exec "$NS" sipp -sf uas-hold.xml -i 127.0.10.1 -p 5060 -mp 30000 -m 1 -timeout 30s -nostdin \
    >uas.out 2>&1 &
UAS=$!
PIDS+=("$UAS")
sleep 0.5
ip netns exec "$NS" sipp -sf uac-hold.xml -i 127.0.20.1 -p 5060 -mp 32000 -s pbx 127.0.10.1:5060 -m 1 \
    -timeout 30s -nostdin >uac.out 2>&1 &
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
   "final_response": 200, "ended_by": "BYE from the caller, 200", "verdict": "ok",
   "offer_answers": ["INVITE sendrecv / 200 sendrecv", "re-INVITE sendonly / 200 recvonly (hold)", "re-INVITE sendrecv / 200 sendrecv (resume)"],
   "rtp": ["127.0.20.1:32000 -> 127.0.10.1:30000 (talk, hold, talk)", "127.0.10.1:30000 -> 127.0.20.1:32000 (talk, talk)"]},
  {"type": "none_other", "note": "no one_way_audio for the hold (media one way only while sendonly/recvonly is negotiated: docs/events.md, a call on hold is never an alarm), no one_way_audio or no_audio before the hold or after the resume (two-way RTP there, each window longer than the 5 s default grace), no wrong_port_media, unexpected_flow or blocked_flow"}
]
JSON
echo "done: $HERE"
