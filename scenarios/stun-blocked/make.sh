#!/usr/bin/env bash
# Makes capture.pcap, the tshark reference outputs and expected.json of the stun-blocked scenario: three STUN
# Binding transactions from sbc 127.0.20.1, made with aioice's STUN client (stunquery.py; python3-aioice
# retransmits like RFC 8489 §6.2.1: 0, 0.5, 1.5, 3.5, 7.5 s, then gives up at 15.5 s), one after the other:
#   127.0.20.1:40000 -> 127.0.40.2:3478  coturn answers                          -> nothing to report
#   127.0.20.1:40002 -> 127.0.40.3:3478  iptables REJECT (icmp-port-unreachable) -> ICMP type 3 code 3 each time
#   127.0.20.1:40001 -> 127.0.40.1:3478  iptables DROP                           -> 5 requests, no answer
# Run as root: bash make.sh. Everything runs inside a network namespace made here (only `lo`), so no host
# state changes; every process started is stopped by its PID; the whole run takes about 40 s.
# Needs: coturn (turnserver), python3-aioice, iptables, tcpdump, tshark, python3.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/../lib.sh"
require_tools turnserver iptables tcpdump tshark python3 ip timeout
/usr/bin/python3 -c 'import aioice' 2>/dev/null || { echo "missing: python3-aioice (apt-get install python3-aioice)" >&2; exit 1; }
scenario_netns stunblocked
# INPUT rules: the request is on lo (captured) before the rule sees it; REJECT's ICMP is then sent over lo too.
ip netns exec "$NS" iptables -A INPUT -p udp -d 127.0.40.1 --dport 3478 -j DROP
ip netns exec "$NS" iptables -A INPUT -p udp -d 127.0.40.3 --dport 3478 -j REJECT --reject-with icmp-port-unreachable
cd "$WORK"

start_capture 'net 127.0.40.0/24 and (udp or icmp)'

ip netns exec "$NS" turnserver -n --listening-ip=127.0.40.2 --listening-port=3478 --relay-ip=127.0.40.2 \
    --no-tls --no-dtls --no-cli --no-tcp --db="$WORK/turndb" --log-file=stdout --simple-log \
    --stun-only >turnserver.out 2>&1 &
TURN=$!
PIDS+=("$TURN")
sleep 1.5

query() {   # query LOCAL_PORT SERVER_IP: one Binding transaction, 4 retransmissions at most
    local rc=0
    ip netns exec "$NS" timeout 30 /usr/bin/python3 "$HERE/stunquery.py" 127.0.20.1 "$1" "$2" 3478 4 \
        >>query.out 2>&1 || rc=$?
    echo "127.0.20.1:$1 -> $2:3478 exit $rc" | tee -a queries.txt
    sleep 0.5
}
query 40000 127.0.40.2
query 40002 127.0.40.3
query 40001 127.0.40.1
sleep 1
stop "$TCPDUMP" INT
stop "$TURN" TERM
ip netns exec "$NS" iptables -v -n -L INPUT
cat query.out
cp "$WORK/capture.pcap" "$HERE/capture.pcap"

python3 "$HERE/../facts.py" "$HERE" <<'JSON'
[
  {"type": "none_for", "flows": ["udp 127.0.20.1:40000 <-> 127.0.40.2:3478 (Binding answered by coturn)"]},
  {"type": "blocked_flow", "proto": "udp", "src": "127.0.20.1:40002", "dst": "127.0.40.3:3478",
   "src_role": "sbc", "dst_role": "turn", "reason": "icmp_unreachable",
   "note": "each Binding Request answered by ICMP port unreachable (iptables REJECT); reported once, not also as stun_unanswered"},
  {"type": "blocked_flow", "proto": "udp", "src": "127.0.20.1:40001", "dst": "127.0.40.1:3478",
   "src_role": "sbc", "dst_role": "turn", "reason": "stun_unanswered", "method": "binding",
   "note": "Binding Request sent at 0, 0.5, 1.5, 3.5, 7.5 s (aioice, RFC 8489 timers), dropped silently"}
]
JSON
echo "done: $HERE"
