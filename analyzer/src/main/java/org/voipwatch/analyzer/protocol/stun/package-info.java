/**
 * STUN (RFC 8489/5389, classic RFC 3489 on request) and TURN (RFC 8656) parsing and tracking: pure, allocation-free
 * components, each owned by one analyzer thread. Intended wiring for a UDP datagram on a media or STUN port:
 * {@link org.voipwatch.analyzer.protocol.stun.Rfc9443Demux#classify} on the first byte, then
 * {@link org.voipwatch.analyzer.protocol.stun.StunMessage#wrap} (flags {@code ALLOW_CLASSIC} only when
 * {@link org.voipwatch.analyzer.protocol.stun.StunMessage#isKnownStunPort} holds for either port) or
 * {@link org.voipwatch.analyzer.protocol.stun.ChannelData#wrap}; requests and responses into
 * {@link org.voipwatch.analyzer.protocol.stun.StunTransactionTable} (whose {@code expire} reports unanswered
 * requests), Allocate/Refresh into {@link org.voipwatch.analyzer.protocol.stun.AllocationTracker}. Over TCP, wrap with
 * {@code TCP_FRAMING} and step by {@code messageLength()} / {@code frameLength()}; ICE-TCP (RFC 6544) puts an RFC
 * 4571 2-byte length before each message, which the caller strips. Status codes: {@link
 * org.voipwatch.analyzer.protocol.stun.StunStatus}.
 */
package org.voipwatch.analyzer.protocol.stun;
