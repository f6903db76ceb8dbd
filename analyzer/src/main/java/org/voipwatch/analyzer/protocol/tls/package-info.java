/**
 * TLS handshake probes: {@link org.voipwatch.analyzer.protocol.tls.TlsClientHello} finds the server_name (SNI,
 * RFC 6066 §3) of a ClientHello in the first bytes of a TCP stream, allocation-free. Nothing is decrypted.
 */
package org.voipwatch.analyzer.protocol.tls;
