/**
 * DNS-named roles: {@link org.voipwatch.analyzer.track.dns.HostNameLearner} reads DNS answers and TLS SNI in the
 * traffic and fills the bounded {@link org.voipwatch.analyzer.track.dns.LearnedAddressTable}, which the flow tracker
 * consults when it resolves a new flow's ends to roles. Analyzer thread only.
 */
package org.voipwatch.analyzer.track.dns;
