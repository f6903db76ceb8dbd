#!/usr/bin/env bash
# Makes capture.pcap, the tshark reference outputs and expected.json of the turn-allocation scenario:
# coturn `turnserver` on 127.0.40.1:3478 with long-term credentials (user alice, realm voipwatch.test);
#   1. sbc 127.0.20.1 runs turnutils_uclient with the right password: 401 + nonce, authenticated Allocate,
#      Refresh, CreatePermission, ChannelBind, 5 ChannelData messages relayed to a peer (turnutils_peer on
#      trunk 127.0.30.5:3480, which echoes them), deallocation (Refresh lifetime 0);
#   2. sbc 127.0.20.2 runs turnutils_uclient with a wrong password: every Allocate, even with credentials,
#      draws 401; the client gives up ("Cannot complete Allocation").
# Run as root: bash make.sh. Everything runs inside a network namespace made here (only `lo`), so no host
# state changes (coturn's database goes to a scratch dir); every process started is stopped by its PID; the
# whole run takes about 10 s.
# Needs: coturn (turnserver, turnutils_uclient, turnutils_peer), tcpdump, tshark, python3.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/../lib.sh"
require_tools turnserver turnutils_uclient turnutils_peer tcpdump tshark python3 ip timeout
scenario_netns turn
cd "$WORK"

start_capture 'host 127.0.40.1 and (udp or tcp or icmp)'

# Loopback peers are refused by default (--allow-loopback-peers); relay ports 49152-49160 only.
ip netns exec "$NS" turnserver -n --listening-ip=127.0.40.1 --listening-port=3478 --relay-ip=127.0.40.1 \
    --lt-cred-mech --user=alice:secret --realm=voipwatch.test --allow-loopback-peers \
    --no-tls --no-dtls --no-cli --no-tcp --db="$WORK/turndb" --log-file=stdout --simple-log \
    --min-port=49152 --max-port=49160 >turnserver.out 2>&1 &
TURN=$!
PIDS+=("$TURN")
ip netns exec "$NS" turnutils_peer -L 127.0.30.5 -p 3480 >peer.out 2>&1 &
PEER=$!
PIDS+=("$PEER")
sleep 1.5

rc=0
ip netns exec "$NS" timeout 12 turnutils_uclient -u alice -w secret -L 127.0.20.1 -e 127.0.30.5 -r 3480 \
    -n 5 -l 100 -c -z 100 127.0.40.1 >uclient-good.out 2>&1 || rc=$?
echo "uclient (right password) exit $rc"
sleep 0.5
rc=0
ip netns exec "$NS" timeout 12 turnutils_uclient -u alice -w wrong -L 127.0.20.2 -e 127.0.30.5 -r 3480 \
    -n 5 -l 100 -c -z 100 127.0.40.1 >uclient-bad.out 2>&1 || rc=$?
echo "uclient (wrong password) exit $rc"
tail -n 2 uclient-bad.out
sleep 1
stop "$TCPDUMP" INT
stop "$PEER" TERM
stop "$TURN" TERM
cp "$WORK/capture.pcap" "$HERE/capture.pcap"

python3 "$HERE/../facts.py" "$HERE" <<'JSON'
[
  {"type": "turn_allocation_failure", "proto": "udp", "src": "127.0.20.2:*", "dst": "127.0.40.1:3478",
   "src_role": "sbc", "dst_role": "turn", "rule": "stun-turn", "error_code": 401,
   "reason": "401 after credentials (wrong password)",
   "note": "every Allocate Request from 127.0.20.2, including the 31 carrying USERNAME/NONCE/MESSAGE-INTEGRITY, gets Allocate Error Response 401; no Allocate Success"},
  {"type": "unexpected_flow", "proto": "udp", "src": "127.0.40.1:49152", "dst": "127.0.30.5:3480",
   "src_role": "turn", "dst_role": "trunk", "rule": null,
   "note": "relayed data; examples/demo-matrix.yaml has no rule for the TURN relay side (turn -> peer); none if a matrix documents it"},
  {"type": "none_for", "flows": ["udp 127.0.20.1:* <-> 127.0.40.1:3478"],
   "note": "no turn_allocation_failure for 127.0.20.1: a 401 answering an Allocate without credentials is the normal long-term-credential challenge, then Allocate Success. Its last Refresh (lifetime 0) succeeded; the ICMP port unreachable 127.0.20.1 sends back comes from the client having closed its socket after deallocating, so it is not a sign of a blocked STUN flow (voipwatch at main 4957aaf reports it as blocked_flow icmp_unreachable, critical)"}
]
JSON
echo "done: $HERE"
