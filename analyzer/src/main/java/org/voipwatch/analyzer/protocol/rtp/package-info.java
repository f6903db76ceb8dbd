/**
 * RTP and RTCP (RFC 3550): the {@link org.voipwatch.analyzer.protocol.rtp.RtpHeader} flyweight and RFC 5761
 * probes, the {@link org.voipwatch.analyzer.protocol.rtp.RtcpPacket} compound iterator, per-stream receive
 * statistics in {@link org.voipwatch.analyzer.protocol.rtp.RtpStreamStats} (appendix A.1, A.3, A.8), codec codes
 * in {@link org.voipwatch.analyzer.protocol.rtp.Codec} and a simplified G.107 E-model in
 * {@link org.voipwatch.analyzer.protocol.rtp.Mos}.
 */
package org.voipwatch.analyzer.protocol.rtp;
