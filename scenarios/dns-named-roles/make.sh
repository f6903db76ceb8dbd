#!/usr/bin/env bash
# Makes capture.pcap of the dns-named-roles scenario: a client asks a real resolver (dnsmasq) for host names of
# a DNS-named role (*.ucconnect.de) over UDP and TCP, then opens flows to the answered addresses; it also opens
# two TLS connections whose ClientHello names api.ucconnect.de (SNI). See README.md for the timeline.
# Run as root: bash make.sh. Everything runs inside a network namespace made here (only `lo`); every process
# started is stopped by its PID; about 5 s. Needs: dnsmasq (Debian dnsmasq-base), tcpdump, openssl, python3.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/../lib.sh"
require_tools dnsmasq tcpdump openssl python3 ip timeout
scenario_netns dnsroles
ip netns exec "$NS" ip addr add fd00::60:2/128 dev lo
cd "$WORK"
openssl req -x509 -newkey rsa:2048 -nodes -keyout key.pem -out cert.pem -days 2 -subj /CN=api.ucconnect.de \
    2>/dev/null

start_capture

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
stop "$TCPDUMP" TERM   # TERM as before lib.sh: this script's own stop() ignored its signal argument
cp "$WORK/capture.pcap" "$HERE/capture.pcap"
tshark -r "$HERE/capture.pcap" -Y 'dns.flags.response==1' -T fields -e frame.number -e ip.src -e tcp.srcport \
    -e udp.srcport -e dns.qry.name -e dns.cname -e dns.a -e dns.aaaa -e dns.resp.ttl > "$HERE/tshark-dns.txt"
tshark -r "$HERE/capture.pcap" -Y 'tls.handshake.extensions_server_name' -T fields -e frame.number -e ip.src \
    -e tcp.srcport -e ip.dst -e tcp.dstport -e tls.handshake.extensions_server_name > "$HERE/tshark-sni.txt"
tshark -r "$HERE/capture.pcap" -q -z conv,tcp -z conv,udp > "$HERE/tshark-conv.txt"
echo "wrote $HERE/capture.pcap"
