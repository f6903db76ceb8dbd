package org.voipwatch.analyzer.report;

import java.util.Locale;
import org.voipwatch.analyzer.event.Json;
import org.voipwatch.analyzer.protocol.stun.Rfc9443Demux;
import org.voipwatch.analyzer.protocol.stun.StunMessage;
import org.voipwatch.analyzer.protocol.stun.StunStatus;
import org.voipwatch.analyzer.track.StunCounters;

/** The STUN/TURN/ICE section of the summary (text and JSON), from {@link StunCounters}. Off the hot path. */
final class StunSummary {
    private StunSummary() {
    }

    static boolean any(StunCounters s) {
        return s.totalMessages() > 0 || s.channelData > 0;
    }

    private static String key(int cls, int method) {
        return (method == 0 ? "other" : StunMessage.methodName(method)) + "_" + StunMessage.className(cls);
    }

    static void text(StringBuilder sb, StunCounters s) {
        if (!any(s)) {
            return;
        }
        sb.append(String.format(Locale.ROOT, "%nSTUN/TURN  %,d messages in %,d packets (classic RFC 3489 %,d, over TCP"
                + " %,d, RFC 4571 framed %,d), ChannelData %,d; %,d malformed, %,d quoted in ICMP errors%n",
                s.totalMessages(), s.stunPackets, s.classicMessages, s.tcpMessages, s.rfc4571Framed, s.channelData,
                s.malformedStunPackets, s.icmpQuotedStun));
        StringBuilder row = new StringBuilder();
        for (int m = 0; m < StunCounters.METHODS; m++) {
            for (int c = 0; c < StunCounters.CLASSES; c++) {
                if (s.messages[c][m] > 0) {
                    row.append(row.length() == 0 ? "" : ", ").append(key(c, m)).append(' ').append(s.messages[c][m]);
                }
            }
        }
        sb.append("  messages     ").append(row).append('\n');
        sb.append(String.format(Locale.ROOT, "  transactions %,d requests, %,d retransmissions, %,d success, %,d error,"
                + " %,d unanswered, %,d unmatched responses, %,d evicted%n", s.requests, s.retransmissions,
                s.successResponses, s.errorResponses, s.unanswered, s.unmatchedResponses, s.transactionsEvicted));
        StringBuilder codes = new StringBuilder();
        for (int i = 0; i < s.errorCodes.length; i++) {
            if (s.errorCodes[i] > 0) {
                codes.append(codes.length() == 0 ? "" : ", ").append(i + StunCounters.MIN_ERROR_CODE).append(" x")
                        .append(s.errorCodes[i]);
            }
        }
        if (s.errorOther > 0) {
            codes.append(codes.length() == 0 ? "" : ", ").append("other x").append(s.errorOther);
        }
        if (codes.length() > 0) {
            sb.append("  error codes  ").append(codes).append('\n');
        }
        sb.append(String.format(Locale.ROOT, "  TURN         %,d allocations, %,d challenges (401), %,d failed Allocate"
                + " answers, %,d Send/Data indications, %,d relayed flows attributed (RFC 5766 channels %,d)%n",
                s.allocationsSucceeded, s.allocationChallenges, s.allocationErrors, s.relayIndications,
                s.relayedFlows, s.channelDataLegacyRange));
        if (s.iceChecks > 0) {
            sb.append(String.format(Locale.ROOT, "  ICE          %,d checks on %,d candidate pairs (%,d succeeded),"
                    + " %,d nominations, %,d checks answered%n", s.iceChecks, s.icePairs, s.icePairsSucceeded,
                    s.iceNominations, s.iceChecksAnswered));
        }
        StringBuilder demux = new StringBuilder();
        for (int i = 0; i < s.demux.length; i++) {
            if (s.demux[i] > 0) {
                demux.append(demux.length() == 0 ? "" : ", ").append(Rfc9443Demux.name(i)).append(' ')
                        .append(s.demux[i]);
            }
        }
        if (demux.length() > 0) {
            sb.append("  RFC 9443     on STUN flows: ").append(demux).append('\n');
        }
        StringBuilder bad = new StringBuilder();
        for (int i = StunStatus.FIRST_MALFORMED; i < s.malformed.length; i++) {
            if (s.malformed[i] > 0) {
                bad.append(bad.length() == 0 ? "" : ", ").append(StunStatus.name(i)).append(' ').append(s.malformed[i]);
            }
        }
        if (bad.length() > 0) {
            sb.append("  malformed    ").append(bad).append('\n');
        }
    }

    static void json(StringBuilder sb, StunCounters s) {
        sb.append(",\"stun\":{\"messages\":").append(s.totalMessages()).append(",\"packets\":").append(s.stunPackets)
                .append(",\"turnPackets\":").append(s.turnPackets).append(",\"channelDataPackets\":")
                .append(s.channelDataPackets).append(",\"malformedPackets\":").append(s.malformedStunPackets)
                .append(",\"malformedTurnPackets\":").append(s.malformedTurnPackets).append(",\"icmpQuoted\":")
                .append(s.icmpQuotedStun).append(",\"icmpQuotedTurn\":").append(s.icmpQuotedTurn)
                .append(",\"classic\":").append(s.classicMessages).append(",\"tcp\":").append(s.tcpMessages)
                .append(",\"rfc4571Framed\":").append(s.rfc4571Framed).append(",\"byMethodClass\":{");
        boolean first = true;
        for (int m = 0; m < StunCounters.METHODS; m++) {
            for (int c = 0; c < StunCounters.CLASSES; c++) {
                if (s.messages[c][m] > 0) {
                    sb.append(first ? "" : ",");
                    first = false;
                    Json.appendString(sb, key(c, m));
                    sb.append(':').append(s.messages[c][m]);
                }
            }
        }
        sb.append("},\"errorCodes\":{");
        first = true;
        for (int i = 0; i < s.errorCodes.length; i++) {
            if (s.errorCodes[i] > 0) {
                sb.append(first ? "" : ",").append('"').append(i + StunCounters.MIN_ERROR_CODE).append("\":")
                        .append(s.errorCodes[i]);
                first = false;
            }
        }
        sb.append("},\"requests\":").append(s.requests).append(",\"retransmissions\":").append(s.retransmissions)
                .append(",\"success\":").append(s.successResponses).append(",\"error\":").append(s.errorResponses)
                .append(",\"unanswered\":").append(s.unanswered).append(",\"unmatchedResponses\":")
                .append(s.unmatchedResponses).append(",\"channelData\":").append(s.channelData)
                .append(",\"channelDataTcp\":").append(s.channelDataTcp).append(",\"channelDataRfc5766\":")
                .append(s.channelDataLegacyRange).append(",\"relayIndications\":").append(s.relayIndications)
                .append(",\"allocations\":").append(s.allocationsSucceeded).append(",\"allocationChallenges\":")
                .append(s.allocationChallenges).append(",\"allocationErrors\":").append(s.allocationErrors)
                .append(",\"relayedFlows\":").append(s.relayedFlows).append(",\"iceChecks\":").append(s.iceChecks)
                .append(",\"icePairs\":").append(s.icePairs).append(",\"icePairsSucceeded\":")
                .append(s.icePairsSucceeded).append(",\"iceNominations\":").append(s.iceNominations)
                .append(",\"iceChecksAnswered\":").append(s.iceChecksAnswered).append(",\"demux\":{");
        first = true;
        for (int i = 0; i < s.demux.length; i++) {
            if (s.demux[i] > 0) {
                sb.append(first ? "" : ",");
                first = false;
                Json.appendString(sb, Rfc9443Demux.name(i));
                sb.append(':').append(s.demux[i]);
            }
        }
        sb.append("},\"malformed\":{");
        first = true;
        for (int i = StunStatus.FIRST_MALFORMED; i < s.malformed.length; i++) {
            if (s.malformed[i] > 0) {
                sb.append(first ? "" : ",");
                first = false;
                Json.appendString(sb, StunStatus.name(i));
                sb.append(':').append(s.malformed[i]);
            }
        }
        sb.append("},\"evicted\":{\"transactions\":").append(s.transactionsEvicted).append(",\"allocations\":")
                .append(s.allocationsEvicted).append(",\"flows\":").append(s.flowsEvicted).append("}}");
    }
}
