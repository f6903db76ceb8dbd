#!/usr/bin/env python3
"""Writes the tshark reference outputs and expected.json for one scenario directory.

Usage: facts.py SCENARIO_DIR < events.json

Every count in expected.json comes from tshark (not from voipwatch): the raw outputs are kept next to
the capture as tshark-*.txt so a reader can check them by eye. The voipwatch events a scenario should
produce are not measured: they are what the scenario was built to show, given on stdin by make.sh.

Flows come from the UDP/TCP conversation tables with the SIP dissector disabled, because with SIP on,
tshark 4.0 splits one UDP 5-tuple into one conversation per direction once SDP has announced it as
RTP. Each table row is cross-checked against a per-packet count made from `-T fields`; a mismatch
stops the script. The initiator of a flow is the sender of its first packet.
"""
import hashlib
import json
import os
import re
import subprocess
import sys
from collections import OrderedDict

def tshark(args):
    out = subprocess.run(["tshark", "-n"] + args, check=True, capture_output=True, text=True)
    return out.stdout


def write(path, text):
    with open(path, "w") as f:
        f.write(text)


def parse_conv(text, proto):
    """Rows of `-z conv,udp|tcp`: A, B, frames B->A ("<-" column), frames A->B ("->" column)."""
    rows = []
    pat = re.compile(r"^(\S+):(\d+)\s+<->\s+(\S+):(\d+)\s+(\d+)\s+\d+\s*\S*\s+(\d+)\s+\d+\s*\S*\s+(\d+)\s")
    for line in text.splitlines():
        m = pat.match(line)
        if m:
            rows.append({"proto": proto, "a": (m.group(1), int(m.group(2))), "b": (m.group(3), int(m.group(4))),
                         "b_to_a": int(m.group(5)), "a_to_b": int(m.group(6)), "total": int(m.group(7))})
    return rows


def packet_rows(cap):
    fields = ["frame.number", "frame.time_relative", "ip.proto", "ip.src", "ip.dst", "udp.srcport", "udp.dstport",
              "tcp.srcport", "tcp.dstport", "tcp.flags.syn", "tcp.flags.ack", "tcp.flags.reset", "tcp.flags.fin",
              "icmp.type", "icmp.code", "frame.protocols"]
    args = ["-r", cap, "-o", "rtp.heuristic_rtp:TRUE", "-T", "fields", "-E", "occurrence=f", "-E", "separator=\t"]
    for f in fields:
        args += ["-e", f]
    rows = []
    for line in tshark(args).splitlines():
        v = line.split("\t")
        v += [""] * (len(fields) - len(v))
        rows.append(dict(zip(fields, v)))
    return rows


def inner_of_icmp(cap):
    """For ICMP errors: the quoted datagram's proto and addresses (second occurrence of each field)."""
    args = ["-r", cap, "-Y", "icmp", "-T", "fields", "-E", "occurrence=l", "-E", "separator=\t",
            "-e", "frame.number", "-e", "ip.proto", "-e", "ip.src", "-e", "ip.dst",
            "-e", "udp.srcport", "-e", "udp.dstport", "-e", "tcp.srcport", "-e", "tcp.dstport"]
    res = {}
    for line in tshark(args).splitlines():
        v = line.split("\t") + [""] * 8
        proto = {"6": "tcp", "17": "udp"}.get(v[1], v[1])
        sp = v[4] or v[6]
        dp = v[5] or v[7]
        res[v[0]] = "%s %s:%s -> %s:%s" % (proto, v[2], sp, v[3], dp)
    return res


def flows(cap, conv_rows, pkts):
    by_tuple = OrderedDict()
    for p in pkts:
        if p["icmp.type"]:
            continue
        if p["ip.proto"] == "17":
            proto, sp, dp = "udp", p["udp.srcport"], p["udp.dstport"]
        elif p["ip.proto"] == "6":
            proto, sp, dp = "tcp", p["tcp.srcport"], p["tcp.dstport"]
        else:
            continue
        src, dst = (p["ip.src"], int(sp)), (p["ip.dst"], int(dp))
        key = (proto,) + tuple(sorted([src, dst]))
        f = by_tuple.get(key)
        if f is None:
            f = {"proto": proto, "initiator": src, "responder": dst, "fwd": 0, "rev": 0,
                 "first": float(p["frame.time_relative"]), "last": 0.0,
                 "first_protocols": p["frame.protocols"], "syn": 0, "synack": 0, "rst": 0, "fin": 0}
            by_tuple[key] = f
        if src == f["initiator"]:
            f["fwd"] += 1
        else:
            f["rev"] += 1
        f["last"] = float(p["frame.time_relative"])
        if proto == "tcp":
            syn, ack = p["tcp.flags.syn"] in ("1", "True"), p["tcp.flags.ack"] in ("1", "True")
            f["syn"] += syn and not ack
            f["synack"] += syn and ack
            f["rst"] += p["tcp.flags.reset"] in ("1", "True")
            f["fin"] += p["tcp.flags.fin"] in ("1", "True")
    # Cross-check against tshark's own conversation tables.
    if len(conv_rows) != len(by_tuple):
        sys.exit("conversation count mismatch: tables %d, packets %d" % (len(conv_rows), len(by_tuple)))
    for r in conv_rows:
        key = (r["proto"],) + tuple(sorted([r["a"], r["b"]]))
        f = by_tuple.get(key)
        if f is None:
            sys.exit("conversation %s not found in packets" % (key,))
        a_is_init = r["a"] == f["initiator"]
        fwd, rev = (r["a_to_b"], r["b_to_a"]) if a_is_init else (r["b_to_a"], r["a_to_b"])
        if (fwd, rev) != (f["fwd"], f["rev"]):
            sys.exit("count mismatch for %s: table %s, packets %s" % (key, (fwd, rev), (f["fwd"], f["rev"])))
    out = []
    for f in sorted(by_tuple.values(), key=lambda x: x["first"]):
        o = OrderedDict()
        o["proto"] = f["proto"]
        o["initiator"] = "%s:%d" % f["initiator"]
        o["responder"] = "%s:%d" % f["responder"]
        o["packets_initiator_to_responder"] = f["fwd"]
        o["packets_responder_to_initiator"] = f["rev"]
        o["first_packet_s"] = round(f["first"], 6)
        o["last_packet_s"] = round(f["last"], 6)
        o["tshark_first_packet_protocols"] = f["first_protocols"]
        if f["proto"] == "tcp":
            o["tcp_flags"] = {"syn": f["syn"], "syn_ack": f["synack"], "rst": f["rst"], "fin": f["fin"]}
        out.append(o)
    return out


def icmp(pkts, inner):
    groups = OrderedDict()
    for p in pkts:
        if not p["icmp.type"]:
            continue
        key = (p["ip.src"], p["ip.dst"], int(p["icmp.type"]), int(p["icmp.code"]), inner.get(p["frame.number"], ""))
        groups[key] = groups.get(key, 0) + 1
    return [OrderedDict([("src", k[0]), ("dst", k[1]), ("type", k[2]), ("code", k[3]), ("quoted", k[4]),
                         ("packets", n)]) for k, n in groups.items()]


def sip_stat(text):
    res = OrderedDict([("messages", 0), ("resent", 0), ("requests", OrderedDict()), ("responses", OrderedDict())])
    m = re.search(r"Number of SIP messages: (\d+)", text)
    res["messages"] = int(m.group(1)) if m else 0
    m = re.search(r"Number of resent SIP messages: (\d+)", text)
    res["resent"] = int(m.group(1)) if m else 0
    for m in re.finditer(r"^\s+SIP (\d{3}) .*?:\s+(\d+) Packets", text, re.M):
        res["responses"][m.group(1)] = int(m.group(2))
    for m in re.finditer(r"^\s+([A-Z]+)\s+:\s+(\d+) Packets", text, re.M):
        res["requests"][m.group(1)] = int(m.group(2))
    return res


def sip_calls(cap):
    args = ["-r", cap, "-Y", "sip", "-T", "fields", "-E", "separator=\t", "-e", "frame.time_relative",
            "-e", "ip.src", "-e", "udp.srcport", "-e", "ip.dst", "-e", "udp.dstport", "-e", "sip.Call-ID",
            "-e", "sip.Method", "-e", "sip.Status-Code", "-e", "sip.CSeq"]
    calls = OrderedDict()
    for line in tshark(args).splitlines():
        v = line.split("\t") + [""] * 9
        c = calls.setdefault(v[5], [])
        c.append("%s %s:%s -> %s:%s %s" % (round(float(v[0]), 3), v[1], v[2], v[3], v[4],
                                            v[6] if v[6] else v[7] + " (" + v[8] + ")"))
    sdps = OrderedDict()
    args = ["-r", cap, "-Y", "sdp", "-T", "fields", "-E", "separator=\t", "-e", "sip.Call-ID", "-e", "sip.Method",
            "-e", "sip.Status-Code", "-e", "ip.src", "-e", "sdp.connection_info.address", "-e", "sdp.media.port",
            "-e", "sdp.media"]
    for line in tshark(args).splitlines():
        v = line.split("\t") + [""] * 8
        sdps.setdefault(v[0], []).append(OrderedDict([
            ("in", v[1] if v[1] else v[2]), ("from", v[3]), ("media", "%s:%s" % (v[4], v[5])),
            ("m_line", v[6])]))
    return [OrderedDict([("call_id", k), ("messages", m), ("sdp", sdps.get(k, []))]) for k, m in calls.items()]


def rtp_streams(text):
    out = []
    pat = re.compile(r"^\s*([\d.]+)\s+([\d.]+)\s+(\S+)\s+(\d+)\s+(\S+)\s+(\d+)\s+(0x[0-9A-Fa-f]+)\s+(.+?)\s+(\d+)\s+"
                     r"(-?\d+) \((-?[\d.]+)%\)")
    for line in text.splitlines():
        m = pat.match(line)
        if m:
            out.append(OrderedDict([("src", "%s:%s" % (m.group(3), m.group(4))),
                                    ("dst", "%s:%s" % (m.group(5), m.group(6))),
                                    ("ssrc", m.group(7)), ("payload", m.group(8).strip()),
                                    ("packets", int(m.group(9))), ("lost", int(m.group(10))),
                                    ("start_s", float(m.group(1))), ("end_s", float(m.group(2)))]))
    return out


def stun(cap):
    # ICMP errors quoting a STUN datagram also match "stun": they are reported under "icmp" instead.
    args = ["-r", cap, "-Y", "stun && !icmp", "-T", "fields", "-E", "separator=\t", "-E", "occurrence=f",
            "-e", "frame.time_relative", "-e", "ip.src", "-e", "udp.srcport", "-e", "tcp.srcport", "-e", "ip.dst",
            "-e", "udp.dstport", "-e", "tcp.dstport", "-e", "stun.type", "-e", "stun.att.error.class",
            "-e", "stun.att.error"]
    txt = tshark(args)
    info = tshark(["-r", cap, "-Y", "stun && !icmp", "-T", "fields", "-e", "_ws.col.Info"]).splitlines()
    out = []
    for line, inf in zip(txt.splitlines(), info):
        v = line.split("\t") + [""] * 10
        o = OrderedDict([("time_s", round(float(v[0]), 6)), ("src", "%s:%s" % (v[1], v[2] or v[3])),
                         ("dst", "%s:%s" % (v[4], v[5] or v[6])), ("type", v[7]), ("info", inf.strip())])
        if v[8] and v[9]:
            o["error_code"] = int(v[8]) * 100 + int(v[9])
        out.append(o)
    return out


def stun_counts(msgs):
    """Messages per (src -> dst, kind), kind = the Info column up to Request/Response/Indication, + error code."""
    counts = OrderedDict()
    for m in msgs:
        k = re.match(r"^(.*?(Request|Response|Indication|TURN Message))", m["info"])
        kind = k.group(1) if k else m["info"]
        if "error_code" in m:
            kind += " %d" % m["error_code"]
        key = "%s -> %s: %s" % (m["src"], m["dst"], kind)
        counts[key] = counts.get(key, 0) + 1
    return counts


def main():
    d = os.path.abspath(sys.argv[1])
    cap = os.path.join(d, "capture.pcap")
    events = json.load(sys.stdin, object_pairs_hook=OrderedDict)
    conv_udp = tshark(["-r", cap, "-q", "-z", "conv,udp"])
    conv_udp_nosip = tshark(["-r", cap, "--disable-protocol", "sip", "-q", "-z", "conv,udp"])
    conv_tcp = tshark(["-r", cap, "-q", "-z", "conv,tcp"])
    sip = tshark(["-r", cap, "-q", "-z", "sip,stat"])
    rtp = tshark(["-r", cap, "-q", "-o", "rtp.heuristic_rtp:TRUE", "-z", "rtp,streams"])
    nonrtp = tshark(["-r", cap, "-o", "rtp.heuristic_rtp:TRUE", "-Y", "!rtp"])
    write(os.path.join(d, "tshark-conv-udp.txt"), conv_udp)
    write(os.path.join(d, "tshark-conv-udp-nosip.txt"), conv_udp_nosip)
    write(os.path.join(d, "tshark-conv-tcp.txt"), conv_tcp)
    write(os.path.join(d, "tshark-sip-stat.txt"), sip)
    write(os.path.join(d, "tshark-rtp-streams.txt"), rtp)
    write(os.path.join(d, "tshark-packets-non-rtp.txt"), nonrtp)
    pkts = packet_rows(cap)
    conv_rows = parse_conv(conv_udp_nosip, "udp") + parse_conv(conv_tcp, "tcp")
    with open(cap, "rb") as f:
        sha = hashlib.sha256(f.read()).hexdigest()
    cap_info = OrderedDict([("file", "capture.pcap"), ("sha256", sha), ("packets", len(pkts)),
                            ("duration_s", round(float(pkts[-1]["frame.time_relative"]), 6) if pkts else 0.0),
                            ("link_type", "EN10MB (tcpdump on lo)")])
    exp = OrderedDict()
    exp["scenario"] = os.path.basename(d)
    exp["capture"] = cap_info
    exp["flows"] = flows(cap, conv_rows, pkts)
    exp["icmp"] = icmp(pkts, inner_of_icmp(cap))
    exp["sip"] = sip_stat(sip)
    exp["sip"]["calls"] = sip_calls(cap)
    exp["rtp_streams"] = rtp_streams(rtp)
    exp["stun"] = stun(cap)
    exp["stun_counts"] = stun_counts(exp["stun"])
    exp["tshark_version"] = tshark(["-v"]).splitlines()[0]
    exp["voipwatch_events"] = events
    write(os.path.join(d, "expected.json"), json.dumps(exp, indent=2) + "\n")


if __name__ == "__main__":
    main()
