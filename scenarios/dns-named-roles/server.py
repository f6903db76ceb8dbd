#!/usr/bin/env python3
"""Answering side of the dns-named-roles scenario: TCP 127.0.60.1:5061 and 127.0.62.1:5061 send "hi" and close,
UDP 127.0.60.2:5060 answers each datagram once. Exits after 20 s (bounded)."""
import selectors
import socket
import time

sel = selectors.DefaultSelector()
for addr in (("127.0.60.1", 5061), ("127.0.62.1", 5061)):
    t = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    t.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    t.bind(addr)
    t.listen(4)
    sel.register(t, selectors.EVENT_READ, "tcp")
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
u.bind(("127.0.60.2", 5060))
sel.register(u, selectors.EVENT_READ, "udp")
end = time.time() + 20
while time.time() < end:
    for key, _ in sel.select(timeout=0.5):
        if key.data == "tcp":
            c, _ = key.fileobj.accept()
            c.sendall(b"hi")
            c.close()
        else:
            data, peer = key.fileobj.recvfrom(4096)
            key.fileobj.sendto(b"SIP/2.0 200 OK\r\n\r\n", peer)
