/**
 * SDP (RFC 4566, RFC 3264, RFC 3605, RFC 5761, RFC 8839) read into a reusable
 * {@link org.voipwatch.analyzer.protocol.sdp.SdpSession} by {@link org.voipwatch.analyzer.protocol.sdp.SdpMessage};
 * limits: 8 media sections, 16 payload types and 16 ICE candidates per media section.
 */
package org.voipwatch.analyzer.protocol.sdp;
