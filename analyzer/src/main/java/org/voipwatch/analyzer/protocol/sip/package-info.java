/**
 * SIP (RFC 3261) parsing without allocation: {@link org.voipwatch.analyzer.protocol.sip.SipMessage} is a
 * flyweight that indexes one message (datagram or stream framing) and answers with
 * {@link org.voipwatch.analyzer.protocol.sip.SipStatus} codes; {@link
 * org.voipwatch.analyzer.protocol.sip.SipStreamReassembler} frames messages out of one TCP direction.
 * Header names and methods are classified through {@link org.voipwatch.analyzer.protocol.sip.SipHeader} and
 * {@link org.voipwatch.analyzer.protocol.sip.SipMethod}. Limits: 128 headers, 8 KiB per header, 64 KiB per message.
 */
package org.voipwatch.analyzer.protocol.sip;
