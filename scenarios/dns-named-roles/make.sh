#!/usr/bin/env bash
# Makes capture.pcap of the dns-named-roles scenario: a client asks a real resolver (dnsmasq) for host names of
# a DNS-named role (*.ucconnect.de) over UDP and TCP, then opens flows to the answered addresses; it also opens
# two TLS connections whose ClientHello names api.ucconnect.de (SNI). See README.md for the timeline.
# Run as root: bash make.sh. Everything runs inside a network namespace made here (only `lo`); every process
# started is stopped by its PID; about 5 s. Needs: dnsmasq (Debian dnsmasq-base), tcpdump, openssl, python3.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
NS=vw-dnsroles-$$
WORK=$(mktemp -d)
PIDS=()
for t in dnsmasq tcpdump openssl python3 ip timeout; do
    command -v "$t" >/dev/null || { echo "missing: $t" >&2; exit 1; }
done
stop() {
    local pid=$1 i
    kill -TERM "$pid" 2>/dev/null || return 0
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
ip netns add "$NS"
ip netns exec "$NS" ip link set lo up
ip netns exec "$NS" ip addr add fd00::60:2/128 dev lo
cd "$WORK"
openssl req -x509 -newkey rsa:2048 -nodes -keyout key.pem -out cert.pem -days 2 -subj /CN=api.ucconnect.de \
    2>/dev/null

ip netns exec "$NS" tcpdump -i lo -Z root -s 0 -U --immediate-mode -w "$WORK/capture.pcap" 2>tcpdump.err &
PIDS+=("$!")
for i in $(seq 50); do grep -q listening tcpdump.err && break; sleep 0.1; done

# dnsmasq: authoritative-style local answers only (no upstream, no /etc/hosts); --cname needs a local target
ip netns exec "$NS" dnsmasq --keep-in-foreground --no-resolv --no-hosts --no-daemon --conf-file=/dev/null \
    --listen-address=127.0.53.1 --bind-interfaces --port=53 --user=root \
    --host-record=edge.cloud.example,127.0.60.1 --cname=sip.ucconnect.de,edge.cloud.example \
    --host-record=media.ucconnect.de,127.0.60.2,fd00::60:2 --local-ttl=600 2>dnsmasq.err &
PIDS+=("$!")
ip netns exec "$NS" timeout 20 python3 "$HERE/server.py" &
PIDS+=("$!")
ip netns exec "$NS" timeout 20 openssl s_server -accept 127.0.61.1:443 -cert cert.pem -key key.pem -quiet \
    -naccept 2 </dev/null >s_server.out 2>&1 &
PIDS+=("$!")
sleep 1
ip netns exec "$NS" timeout 20 python3 "$HERE/client.py" | tee client.out
sleep 0.5
stop "${PIDS[0]}" INT
cp "$WORK/capture.pcap" "$HERE/capture.pcap"
tshark -r "$HERE/capture.pcap" -Y 'dns.flags.response==1' -T fields -e frame.number -e ip.src -e tcp.srcport \
    -e udp.srcport -e dns.qry.name -e dns.cname -e dns.a -e dns.aaaa -e dns.resp.ttl > "$HERE/tshark-dns.txt"
tshark -r "$HERE/capture.pcap" -Y 'tls.handshake.extensions_server_name' -T fields -e frame.number -e ip.src \
    -e tcp.srcport -e ip.dst -e tcp.dstport -e tls.handshake.extensions_server_name > "$HERE/tshark-sni.txt"
tshark -r "$HERE/capture.pcap" -q -z conv,tcp -z conv,udp > "$HERE/tshark-conv.txt"
echo "wrote $HERE/capture.pcap"
