#!/usr/bin/env bash
# Makes capture.pcap, the tshark reference outputs and expected.json of the demo-site scenario.
# Run as root: bash make.sh. Everything runs inside a network namespace made here (only `lo`), so no host
# state changes; every process started is stopped by its PID; the whole run takes about 16 s.
# Needs: sipp 3.6 (sip-tester), tcpdump, tshark, nc (netcat-openbsd), coturn, python3.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/../lib.sh"
require_tools sipp tcpdump tshark nc turnserver turnutils_stunclient python3 ip
scenario_netns demo
cd "$WORK"
# The callers play the RTP file sipp ships: 236 packets, 7.05 s, PCMA, 30 ms; calls last 7.5 s after the ACK.
cp /usr/share/sip-tester/g711a.pcap media.pcap
cp "$HERE/../sipp/uac.xml" "$HERE/../sipp/uas.xml" .

start_capture '(net 127.0.10.0/24 or net 127.0.20.0/24 or net 127.0.30.0/24 or net 127.0.40.0/24)' \
    'and (udp or tcp or icmp)'

# STUN server (turn role). --db keeps coturn's database in the scratch dir, off the host.
ip netns exec "$NS" turnserver -n --listening-ip=127.0.40.1 --listening-port=3478 --relay-ip=127.0.40.1 --no-auth \
    --no-tls --no-dtls --no-cli --no-tcp --db="$WORK/turndb" --log-file=stdout --simple-log \
    --min-port=49152 --max-port=49200 >turnserver.out 2>&1 &
TURN=$!
PIDS+=("$TURN")

# pbx 127.0.10.1 echoes media (two-way call); pbx 127.0.10.2 answers but sends no media (one-way call).
ip netns exec "$NS" sipp -sf uas.xml -i 127.0.10.1 -p 5060 -mp 30000 -rtp_echo -m 1 -timeout 15s -nostdin >uas-a.out 2>&1 &
UAS_A=$!
PIDS+=("$UAS_A")
ip netns exec "$NS" sipp -sf uas.xml -i 127.0.10.2 -p 5060 -mp 30010 -m 1 -timeout 15s -nostdin >uas-b.out 2>&1 &
UAS_B=$!
PIDS+=("$UAS_B")
sleep 1

ip netns exec "$NS" sipp -sf uac.xml -i 127.0.20.1 -p 5060 -mp 32000 -s pbx 127.0.10.1:5060 -d 7500 -m 1 -timeout 15s -nostdin \
    >uac-a.out 2>&1 &
UAC_A=$!
PIDS+=("$UAC_A")
sleep 1
ip netns exec "$NS" sipp -sf uac.xml -i 127.0.20.2 -p 5060 -mp 32010 -s pbx 127.0.10.2:5060 -d 7500 -m 1 -timeout 15s -nostdin \
    >uac-b.out 2>&1 &
UAC_B=$!
PIDS+=("$UAC_B")
sleep 1

# Flows no matrix documents: a UDP burst from the trunk net to a closed pbx port (each answered by an ICMP
# port unreachable), and a TCP connection attempt to the pbx's port 22 where nothing listens (RST).
for i in 1 2 3 4 5; do
    echo "probe $i" | ip netns exec "$NS" timeout 2 nc -u -w 0 -s 127.0.30.5 -p 40000 127.0.10.1 5070 || true
    sleep 0.1
done
sleep 0.5
ip netns exec "$NS" timeout 3 nc -z -w 1 -s 127.0.30.5 -p 40001 127.0.10.1 22 || true
sleep 0.5
# STUN Binding request/response: sbc 127.0.20.1 -> turn 127.0.40.1:3478.
ip netns exec "$NS" timeout 5 turnutils_stunclient -L 127.0.20.1 -p 3478 127.0.40.1 >stunclient.out 2>&1 || true

for p in "$UAC_A" "$UAC_B" "$UAS_A" "$UAS_B"; do
    wait "$p" || echo "sipp $p exited $?" >&2
done
# tcpdump uses a TPACKET_V3 ring whose blocks reach it only when full or after a timeout; a SIGINT ends it
# without draining, which lost the last packets (the second BYE) before --immediate-mode; the pause is margin.
sleep 1
stop "$TURN" TERM
stop "$TCPDUMP" INT
cp "$WORK/capture.pcap" "$HERE/capture.pcap"
cat stunclient.out

python3 "$HERE/../facts.py" "$HERE" <<'JSON'
[
  {"type": "call_summary", "call": "127.0.20.1:5060 -> 127.0.10.1:5060 (sbc -> pbx)", "answered": true,
   "media": "two-way", "rtp": ["127.0.20.1:32000 -> 127.0.10.1:30000", "127.0.10.1:30000 -> 127.0.20.1:32000"],
   "lost": 0},
  {"type": "one_way_audio", "call": "127.0.20.2:5060 -> 127.0.10.2:5060 (sbc -> pbx)",
   "heard_direction": "127.0.20.2:32010 -> 127.0.10.2:30010",
   "silent_direction": "127.0.10.2:30010 -> 127.0.20.2:32010",
   "note": "the pbx announced 127.0.10.2:30010 in its 200 OK SDP and never sent RTP"},
  {"type": "call_summary", "call": "127.0.20.2:5060 -> 127.0.10.2:5060 (sbc -> pbx)", "answered": true,
   "media": "one-way"},
  {"type": "unexpected_flow", "proto": "udp", "src": "127.0.30.5:40000", "dst": "127.0.10.1:5070",
   "src_role": "trunk", "dst_role": "pbx", "rule": null},
  {"type": "blocked_flow", "proto": "udp", "src": "127.0.30.5:40000", "dst": "127.0.10.1:5070", "rule": null,
   "reason": "icmp_unreachable", "icmp_type": 3, "icmp_code": 3,
   "note": "5 datagrams, each answered by ICMP port unreachable from 127.0.10.1"},
  {"type": "unexpected_flow", "proto": "tcp", "src": "127.0.30.5:40001", "dst": "127.0.10.1:22",
   "src_role": "trunk", "dst_role": "pbx", "rule": null},
  {"type": "blocked_flow", "proto": "tcp", "src": "127.0.30.5:40001", "dst": "127.0.10.1:22", "rule": null,
   "reason": "tcp_rst", "note": "SYN answered by RST/ACK: nothing listens on 22"},
  {"type": "none_for", "flows": ["udp 127.0.20.1:5060 <-> 127.0.10.1:5060 (SIP)",
   "udp 127.0.20.2:5060 <-> 127.0.10.2:5060 (SIP)", "udp 127.0.20.1:* -> 127.0.40.1:3478 (STUN Binding)"],
   "note": "documented in examples/demo-matrix.yaml: sbc-sip-pbx, sbc-pbx-rtp, stun-turn"}
]
JSON
echo "done: $HERE"
