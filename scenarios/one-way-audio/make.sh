#!/usr/bin/env bash
# Makes capture.pcap, the tshark reference outputs and expected.json of the one-way-audio scenario: a call
# sbc 127.0.20.1 -> pbx 127.0.10.1 is answered, the pbx (sipp -rtp_echo) sends RTP back, but a firewall rule
# in the namespace's OUTPUT chain drops the pbx's RTP towards the caller, so only caller -> pbx media exists.
# Run as root: bash make.sh. Everything runs inside a network namespace made here (only `lo`), so no host
# state changes; every process started is stopped by its PID; the whole run takes about 8 s.
# Needs: sipp 3.6 (sip-tester), tcpdump, tshark, editcap, iptables, python3.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/../lib.sh"
require_tools sipp tcpdump tshark editcap iptables python3 ip
scenario_netns oneway
# The pbx's media towards the sbc is dropped in OUTPUT, before it reaches lo: the capture never shows it (a
# packet dropped in INPUT would still be captured on lo, which would not look like one-way audio on the wire).
ip netns exec "$NS" iptables -A OUTPUT -p udp -s 127.0.10.1 --sport 30000 -d 127.0.20.1 --dport 32000 -j DROP
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
ip netns exec "$NS" iptables -v -n -L OUTPUT >iptables.txt
cat iptables.txt
sleep 1
stop "$TCPDUMP" INT
cp "$WORK/capture.pcap" "$HERE/capture.pcap"

python3 "$HERE/../facts.py" "$HERE" <<'JSON'
[
  {"type": "one_way_audio", "call": "127.0.20.1:5060 -> 127.0.10.1:5060 (sbc -> pbx)",
   "heard_direction": "127.0.20.1:32000 -> 127.0.10.1:30000",
   "silent_direction": "127.0.10.1:30000 -> 127.0.20.1:32000",
   "note": "the pbx answered 200 OK with SDP 127.0.10.1:30000 and its RTP towards 127.0.20.1:32000 never appears"},
  {"type": "call_summary", "call": "127.0.20.1:5060 -> 127.0.10.1:5060 (sbc -> pbx)", "answered": true,
   "final_response": 200, "ended_by": "BYE from the caller, 200", "media": "one-way",
   "rtp": ["127.0.20.1:32000 -> 127.0.10.1:30000"], "lost": 0},
  {"type": "none_other", "note": "no blocked_flow or unexpected_flow: the SIP and the caller's RTP are documented (sbc->pbx SIP udp/5060, sbc<->pbx RTP udp/30000-34999), there is no ICMP"}
]
JSON
echo "done: $HERE"
