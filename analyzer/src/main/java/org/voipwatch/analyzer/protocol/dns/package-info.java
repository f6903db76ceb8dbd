/**
 * DNS messages (RFC 1035 §4): {@link org.voipwatch.analyzer.protocol.dns.DnsMessage}, an allocation-free
 * flyweight that indexes the question and the answer records and decodes compressed names into a caller's byte
 * array. Over TCP (RFC 1035 §4.2.2) each message has a 2-byte length prefix, which the caller strips. Status
 * codes: {@link org.voipwatch.analyzer.protocol.dns.DnsStatus}.
 */
package org.voipwatch.analyzer.protocol.dns;
