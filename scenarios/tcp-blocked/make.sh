#!/usr/bin/env bash
# Makes capture.pcap, the tshark reference outputs and expected.json of the tcp-blocked scenario: four TCP
# connection attempts from sbc 127.0.20.1 to pbx addresses, each refused or blocked a different way:
#   127.0.10.1:5060  nothing listens              -> RST/ACK from the kernel
#   127.0.10.1:5061  iptables REJECT (port-unreach) -> ICMP type 3 code 3
#   127.0.10.2:5061  iptables REJECT (admin-prohib) -> ICMP type 3 code 13
#   127.0.10.3:5061  iptables DROP                 -> SYN retransmitted every ~1 s (Linux >= 6.5 linear SYN
#                                                   timeouts), no answer, nc gives up after 4 s
# Run as root: bash make.sh. Everything runs inside a network namespace made here (only `lo`), so no host
# state changes; every process started is stopped by its PID; the whole run takes about 12 s.
# Needs: tcpdump, tshark, iptables, nc (netcat-openbsd), python3.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/../lib.sh"
require_tools tcpdump tshark iptables nc python3 ip timeout
scenario_netns tcpblocked
# INPUT rules: the SYN is on lo (captured) before the rule sees it; REJECT's ICMP is then sent over lo too.
ip netns exec "$NS" iptables -A INPUT -p tcp -d 127.0.10.1 --dport 5061 -j REJECT --reject-with icmp-port-unreachable
ip netns exec "$NS" iptables -A INPUT -p tcp -d 127.0.10.2 --dport 5061 -j REJECT --reject-with icmp-admin-prohibited
ip netns exec "$NS" iptables -A INPUT -p tcp -d 127.0.10.3 --dport 5061 -j DROP
cd "$WORK"

start_capture 'host 127.0.20.1 and net 127.0.10.0/24 and (tcp or icmp)'

attempt() {   # attempt SRC_PORT DST_IP DST_PORT: one TCP connect, 4 s connect timeout, result to stdout
    local rc=0
    ip netns exec "$NS" timeout 6 nc -z -v -w 4 -s 127.0.20.1 -p "$1" "$2" "$3" >>nc.out 2>&1 || rc=$?
    echo "127.0.20.1:$1 -> $2:$3 nc exit $rc" | tee -a attempts.txt
    sleep 0.5
}
attempt 41000 127.0.10.1 5060
attempt 41001 127.0.10.1 5061
attempt 41002 127.0.10.2 5061
attempt 41003 127.0.10.3 5061
sleep 1
stop "$TCPDUMP" INT
ip netns exec "$NS" iptables -v -n -L INPUT
cat nc.out
cp "$WORK/capture.pcap" "$HERE/capture.pcap"

python3 "$HERE/../facts.py" "$HERE" <<'JSON'
[
  {"type": "blocked_flow", "proto": "tcp", "src": "127.0.20.1:41000", "dst": "127.0.10.1:5060",
   "src_role": "sbc", "dst_role": "pbx", "rule": "sbc-sip-pbx", "reason": "tcp_rst",
   "note": "SYN answered by RST/ACK: nothing listens"},
  {"type": "blocked_flow", "proto": "tcp", "src": "127.0.20.1:41001", "dst": "127.0.10.1:5061",
   "src_role": "sbc", "dst_role": "pbx", "rule": "sbc-sips-pbx", "reason": "icmp_unreachable",
   "icmp_type": 3, "icmp_code": 3, "note": "SYN answered by ICMP port unreachable from 127.0.10.1 quoting the SYN"},
  {"type": "blocked_flow", "proto": "tcp", "src": "127.0.20.1:41002", "dst": "127.0.10.2:5061",
   "src_role": "sbc", "dst_role": "pbx", "rule": "sbc-sips-pbx", "reason": "icmp_unreachable",
   "icmp_type": 3, "icmp_code": 13, "note": "SYN answered by ICMP communication administratively prohibited from 127.0.10.2"},
  {"type": "blocked_flow", "proto": "tcp", "src": "127.0.20.1:41003", "dst": "127.0.10.3:5061",
   "src_role": "sbc", "dst_role": "pbx", "rule": "sbc-sips-pbx", "reason": "tcp_syn_unanswered",
   "note": "SYN sent 4 times, nothing comes back (dropped silently)"}
]
JSON
echo "done: $HERE"
