#!/usr/bin/python3
"""One STUN Binding transaction with aioice's client (python3-aioice, the ICE library of aiortc), which
retransmits like RFC 8489 §6.2.1: RTO 500 ms doubling. Usage: stunquery.py LOCAL_IP LOCAL_PORT SERVER_IP
SERVER_PORT RETRANSMISSIONS. Prints the outcome; exit 0 answered, 1 timed out."""
import asyncio
import sys

from aioice import stun


class Client(asyncio.DatagramProtocol):
    def __init__(self):
        self.transactions = {}
        self.transport = None
        self.icmp_errors = 0

    def connection_made(self, transport):
        self.transport = transport

    def datagram_received(self, data, addr):
        msg = stun.parse_message(data)
        t = self.transactions.get(msg.transaction_id)
        if t is not None:
            t.response_received(msg, addr)

    def error_received(self, exc):
        # ICMP port unreachable surfaces as ECONNREFUSED on the next socket call; the transaction keeps trying
        self.icmp_errors += 1

    def send_stun(self, message, addr):
        self.transport.sendto(bytes(message), addr)


async def main():
    local = (sys.argv[1], int(sys.argv[2]))
    server = (sys.argv[3], int(sys.argv[4]))
    loop = asyncio.get_running_loop()
    transport, client = await loop.create_datagram_endpoint(Client, local_addr=local)
    request = stun.Message(message_method=stun.Method.BINDING, message_class=stun.Class.REQUEST)
    t = stun.Transaction(request, server, client, retransmissions=int(sys.argv[5]))
    client.transactions[request.transaction_id] = t
    try:
        response, addr = await t.run()
        print(f"{local} -> {server}: answered, XOR-MAPPED-ADDRESS {response.attributes.get('XOR-MAPPED-ADDRESS')}")
        return 0
    except stun.TransactionTimeout:
        print(f"{local} -> {server}: no answer ({client.icmp_errors} ICMP errors)")
        return 1
    finally:
        transport.close()


sys.exit(asyncio.run(main()))
