#!/usr/bin/env python3
"""Client side of the dns-named-roles scenario: real DNS queries to dnsmasq (UDP and TCP), then flows to the
answered addresses, then two TLS connections whose ClientHello carries an SNI. Bounded: every socket has a
timeout, every loop a fixed count. Run inside the scenario's network namespace."""
import socket
import ssl
import struct
import time

CLIENT = "127.0.40.1"
RESOLVER = ("127.0.53.1", 53)


def query(name, qtype, qid):
    q = struct.pack(">HHHHHH", qid, 0x0100, 1, 0, 0, 0)
    for label in name.split("."):
        q += bytes([len(label)]) + label.encode()
    return q + b"\x00" + struct.pack(">HH", qtype, 1)


def udp_query(name, qtype, qid, sport):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((CLIENT, sport))
    s.settimeout(2)
    s.sendto(query(name, qtype, qid), RESOLVER)
    print(name, "udp answer", len(s.recv(4096)), "bytes")
    s.close()


def tcp_query(name, qtype, qid, sport):
    s = socket.create_connection(RESOLVER, timeout=2, source_address=(CLIENT, sport))
    q = query(name, qtype, qid)
    s.sendall(struct.pack(">H", len(q)) + q)
    n = struct.unpack(">H", s.recv(2))[0]
    data = b""
    while len(data) < n:
        data += s.recv(n - len(data))
    print(name, "tcp answer", n, "bytes")
    s.close()


def tcp_connect(dst, port, sport):
    s = socket.create_connection((dst, port), timeout=2, source_address=(CLIENT, sport))
    print("tcp", dst, port, "got", s.recv(16))
    s.close()


def udp_exchange(dst, port, sport):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((CLIENT, sport))
    s.settimeout(2)
    s.sendto(b"OPTIONS sip:x@ucconnect SIP/2.0\r\n\r\n", (dst, port))
    print("udp", dst, port, "got", len(s.recv(4096)))
    s.close()


def tls(dst, port, sni, sport):
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    raw = socket.create_connection((dst, port), timeout=3, source_address=(CLIENT, sport))
    with ctx.wrap_socket(raw, server_hostname=sni) as s:
        print("tls", dst, port, sni, s.version())


udp_query("sip.ucconnect.de", 1, 0x1001, 45001)      # CNAME edge.cloud.example -> A 127.0.60.1
time.sleep(0.2)
tcp_query("media.ucconnect.de", 28, 0x1002, 45002)   # over TCP: AAAA fd00::60:2
time.sleep(0.2)
tcp_query("media.ucconnect.de", 1, 0x1003, 45003)    # over TCP: A 127.0.60.2
time.sleep(0.2)
udp_query("other.example", 1, 0x1004, 45004)         # not a role's name
time.sleep(0.2)
tcp_connect("127.0.60.1", 5061, 46001)                # documented only through the DNS answer
time.sleep(0.2)
udp_exchange("127.0.60.2", 5060, 46002)               # documented only through the TCP DNS answer
time.sleep(0.2)
tcp_connect("127.0.62.1", 5061, 46003)                # nobody named this address: unexpected
time.sleep(0.2)
tls("127.0.61.1", 443, "api.ucconnect.de", 46004)     # SNI teaches 127.0.61.1 during this flow
time.sleep(0.2)
tls("127.0.61.1", 443, "api.ucconnect.de", 46005)     # known from the first SNI: documented at once
