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
NS=vw-tcpblocked-$$
WORK=$(mktemp -d)
PIDS=()
for t in tcpdump tshark iptables nc python3 ip timeout; do
    command -v "$t" >/dev/null || { echo "missing: $t" >&2; exit 1; }
done

stop() {   # stop PID: polite signal, then KILL after 3 s; only our own PIDs
    local pid=$1 sig=${2:-TERM} i
    kill -"$sig" "$pid" 2>/dev/null || return 0
    for i in $(seq 30); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
}
cleanup() {
    local p
    for p in "${PIDS[@]}"; do stop "$p"; done
    ip netns del "$NS" 2>/dev/null || true
    if [ -n "${KEEP_WORK:-}" ]; then echo "kept $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
# Background jobs call `ip netns exec` directly (no shell function) so that $! is the program's own PID:
# ip netns exec execs the program in place.

ip netns add "$NS"
ip netns exec "$NS" ip link set lo up
# INPUT rules: the SYN is on lo (captured) before the rule sees it; REJECT's ICMP is then sent over lo too.
ip netns exec "$NS" iptables -A INPUT -p tcp -d 127.0.10.1 --dport 5061 -j REJECT --reject-with icmp-port-unreachable
ip netns exec "$NS" iptables -A INPUT -p tcp -d 127.0.10.2 --dport 5061 -j REJECT --reject-with icmp-admin-prohibited
ip netns exec "$NS" iptables -A INPUT -p tcp -d 127.0.10.3 --dport 5061 -j DROP
cd "$WORK"

# --immediate-mode: without it a SIGINT ends tcpdump before it drains its TPACKET_V3 ring (last packets lost).
ip netns exec "$NS" tcpdump -i lo -Z root -s 0 -U --immediate-mode -w "$WORK/capture.pcap" \
    'host 127.0.20.1 and net 127.0.10.0/24 and (tcp or icmp)' 2>tcpdump.err &
TCPDUMP=$!
PIDS+=("$TCPDUMP")
for i in $(seq 50); do grep -q listening tcpdump.err && break; sleep 0.1; done

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
