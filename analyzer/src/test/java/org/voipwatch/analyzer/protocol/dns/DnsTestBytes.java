package org.voipwatch.analyzer.protocol.dns;

/**
 * Test data: hand-decoded DNS messages as annotated dumps (one field per line: leading hex pairs, then a comment;
 * {@link org.voipwatch.analyzer.testutil.Hex#dump}). Public so the learner tests in track.dns can share them.
 */
public final class DnsTestBytes {
    /**
     * A response to "sip.ucconnect.de A" with a CNAME chain, decoded by hand (RFC 1035 §4.1): question name at
     * offset 12, the CNAME target "edge.cloud.example" at offset 46, A and AAAA owned by a pointer to it.
     */
    public static final String CNAME_CHAIN = String.join("\n",
            "12 34                                   ID",
            "81 80                                   QR=1 opcode 0 RD RA, RCODE 0",
            "00 01 00 03 00 00 00 00                 QD 1, AN 3, NS 0, AR 0",
            "03 73 69 70                             offset 12: 'sip'",
            "09 75 63 63 6f 6e 6e 65 63 74           'ucconnect'",
            "02 64 65 00                             'de', root",
            "00 01 00 01                             QTYPE A, QCLASS IN",
            "c0 0c                                   offset 34: owner = pointer to 12",
            "00 05 00 01 00 00 0e 10 00 14           CNAME IN TTL 3600 RDLENGTH 20",
            "04 65 64 67 65                          offset 46: 'edge'",
            "05 63 6c 6f 75 64                       'cloud'",
            "07 65 78 61 6d 70 6c 65 00              'example', root",
            "c0 2e                                   offset 66: owner = pointer to 46",
            "00 01 00 01 00 00 00 3c 00 04           A IN TTL 60 RDLENGTH 4",
            "7f 00 3c 01                             127.0.60.1",
            "c0 2e                                   offset 82: owner = pointer to 46",
            "00 1c 00 01 00 00 00 78 00 10           AAAA IN TTL 120 RDLENGTH 16",
            "fd 00 00 00 00 00 00 00 00 00 00 00 00 60 00 02   fd00::60:2");

    private DnsTestBytes() {
    }
}
