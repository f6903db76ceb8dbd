package org.voipwatch.analyzer.track;

import org.voipwatch.analyzer.classify.ProtocolClass;
import org.voipwatch.analyzer.classify.Service;
import org.voipwatch.analyzer.util.IpAddresses;

/**
 * Which UDP flows should hear an answer. A silent responder is a finding only for request/response
 * protocols: media (RTP/RTCP, ChannelData, DTLS) is judged by the audio detectors, SIP and STUN by their
 * transaction timers, and some services are one-way by design (syslog, SNMP traps and keep-alives, NetFlow/
 * IPFIX/sFlow export, AudioCodes debug recording). Multicast and broadcast get no unicast answer.
 */
final class OneWayTraffic {
    private OneWayTraffic() {
    }

    static boolean mayExpectAnswer(int protocolClass, long dstHi, long dstLo, int dstPort, Service service) {
        switch (protocolClass) {
            case ProtocolClass.RTP:
            case ProtocolClass.RTCP:
            case ProtocolClass.TURN_CHANNEL_DATA:
            case ProtocolClass.DTLS:
            case ProtocolClass.SIP:
            case ProtocolClass.STUN:
                return false;
            default:
                break;
        }
        if (isMulticastOrBroadcast(dstHi, dstLo)) {
            return false;
        }
        if (service != null) {
            String app = service.application();
            String name = service.name();
            if (app.equals("syslog") || app.equals("debug-recording") || app.equals("rtp") || app.equals("rtcp")
                    || app.equals("netflow") || app.equals("ipfix") || app.equals("sflow") || name.contains("trap")
                    || name.contains("keepalive")) {
                return false;
            }
        }
        switch (dstPort) {
            case 162: // SNMP trap
            case 514: // syslog
            case 1161: // SNMP keep-alive (AudioCodes)
            case 2055: case 4739: case 6343: case 9995: case 9996: // flow export
                return false;
            default:
                return true;
        }
    }

    static boolean isMulticastOrBroadcast(long hi, long lo) {
        if (IpAddresses.isV4(hi, lo)) {
            int a = (int) lo;
            return (a >>> 28) == 0xe || a == 0xffffffff || (a & 0xff) == 0xff;
        }
        return (hi >>> 56) == 0xff;
    }
}
