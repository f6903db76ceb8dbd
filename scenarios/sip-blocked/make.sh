#!/usr/bin/env bash
# Makes capture.pcap, the tshark reference outputs and expected.json of the sip-blocked scenario: sbc
# 127.0.20.1 sends an INVITE to pbx 127.0.10.1:5060, where a firewall rule (INPUT, DROP) swallows it; the
# caller retransmits (Timer A: 0.5, 1, 2, 4 s) and gives up after 8 s without any answer.
# Run as root: bash make.sh. Everything runs inside a network namespace made here (only `lo`), so no host
# state changes; every process started is stopped by its PID; the whole run takes about 17 s.
# Needs: sipp 3.6 (sip-tester), tcpdump, tshark, editcap, iptables, python3.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/../lib.sh"
require_tools sipp tcpdump tshark editcap iptables python3 ip
scenario_netns sipblocked
# Dropped in INPUT: the INVITE and its retransmissions are on lo (captured) but never reach the pbx's socket,
# and DROP sends nothing back (no ICMP). The pbx's sipp runs, so the port is open behind the firewall.
ip netns exec "$NS" iptables -A INPUT -p udp -d 127.0.10.1 --dport 5060 -j DROP
cd "$WORK"
# The caller plays the first 120 packets (3.6 s, PCMA, 30 ms) of the RTP file sipp ships.
editcap -r /usr/share/sip-tester/g711a.pcap media.pcap 1-120
cp "$HERE/../sipp/uac.xml" "$HERE/../sipp/uas.xml" .

start_capture 'host 127.0.10.1 and host 127.0.20.1 and (udp or icmp)'

ip netns exec "$NS" sipp -sf uas.xml -i 127.0.10.1 -p 5060 -mp 30000 -rtp_echo -m 1 -timeout 10s -nostdin \
    >uas.out 2>&1 &
UAS=$!
PIDS+=("$UAS")
sleep 0.5
ip netns exec "$NS" sipp -sf uac.xml -i 127.0.20.1 -p 5060 -mp 32000 -s pbx 127.0.10.1:5060 -d 4000 -m 1 -timeout 15s \
    -recv_timeout 8000 -nostdin >uac.out 2>&1 &
UAC=$!
PIDS+=("$UAC")
wait "$UAC" || echo "sipp uac exited $? (expected: its call failed on -recv_timeout)" >&2
wait "$UAS" || echo "sipp uas exited $? (expected: it never got a call and hit -timeout)" >&2
ip netns exec "$NS" iptables -v -n -L INPUT >iptables.txt
cat iptables.txt
sleep 1
stop "$TCPDUMP" INT
cp "$WORK/capture.pcap" "$HERE/capture.pcap"

python3 "$HERE/../facts.py" "$HERE" <<'JSON'
[
  {"type": "blocked_flow", "proto": "udp", "src": "127.0.20.1:5060", "dst": "127.0.10.1:5060",
   "src_role": "sbc", "dst_role": "pbx", "rule": "sbc-sip-pbx", "application": "sip", "reason": "sip_unanswered",
   "note": "one INVITE and its 4 retransmissions (same Call-ID, CSeq 1, same branch); no 1xx, no final response, no ICMP"},
  {"type": "call_summary", "call": "127.0.20.1:5060 -> 127.0.10.1:5060 (sbc -> pbx)", "answered": false,
   "final_response": null, "media": "none"},
  {"type": "none_other", "note": "no one_way_audio/no_audio: the call was never answered, so no media was expected"}
]
JSON
echo "done: $HERE"
