package org.voipwatch.analyzer.cli;

import org.voipwatch.analyzer.config.AnalyzerConfig;

/**
 * Parsing of option values shared by the commands (command line and monitor's config file): each problem is a
 * {@link UsageException} naming the option, so the command exits 2 with that message.
 */
final class OptionValues {
    private OptionValues() {
    }

    /** A whole number; underscores allowed as digit separators (262_144). */
    static int intOption(String name, String v) throws UsageException {
        try {
            return Integer.parseInt(v.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new UsageException(name + " needs a whole number, got '" + v + "'");
        }
    }

    /** A positive number of seconds, at most 10^9 (so the nanoseconds fit a long), optionally ending in "s". */
    static long secondsOption(String name, String v) throws UsageException {
        try {
            String s = v.endsWith("s") ? v.substring(0, v.length() - 1) : v;
            double d = Double.parseDouble(s);
            if (!(d > 0) || d > 1e9) {
                throw new NumberFormatException();
            }
            return (long) (d * 1e9);
        } catch (NumberFormatException e) {
            throw new UsageException(name + " needs a positive number of seconds, got '" + v + "'");
        }
    }

    /** A duration as 30s, 500ms, 2m, 1h or a plain number of seconds; zero allowed. */
    static long durationOption(String name, String v) throws UsageException {
        String s = v.trim();
        long unit = 1_000_000_000L;
        if (s.endsWith("ms")) {
            unit = 1_000_000L;
            s = s.substring(0, s.length() - 2);
        } else if (s.endsWith("s")) {
            s = s.substring(0, s.length() - 1);
        } else if (s.endsWith("m")) {
            unit = 60_000_000_000L;
            s = s.substring(0, s.length() - 1);
        } else if (s.endsWith("h")) {
            unit = 3_600_000_000_000L;
            s = s.substring(0, s.length() - 1);
        }
        try {
            double d = Double.parseDouble(s);
            if (!(d >= 0) || Double.isInfinite(d)) {
                throw new NumberFormatException();
            }
            return (long) (d * unit);
        } catch (NumberFormatException e) {
            throw new UsageException(name + " needs a duration such as 30s, 500ms or 2m, got '" + v + "'");
        }
    }

    /** {@code --detectors LIST}: see {@link AnalyzerConfig#detectors(String)}. */
    static void detectorsOption(AnalyzerConfig config, String where, String value) throws UsageException {
        try {
            config.detectors(value);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage().replace("--detectors", where));
        }
    }
}
