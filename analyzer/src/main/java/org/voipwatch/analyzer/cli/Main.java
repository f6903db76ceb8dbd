package org.voipwatch.analyzer.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/**
 * Entry point of the {@code voipwatch} command: {@code analyze}, {@code matrix}. Exit codes: 0 analysed;
 * 1 analysed and found problems of severity critical; 2 usage or input error.
 */
public final class Main {
    public static final int EXIT_OK = 0;
    public static final int EXIT_CRITICAL = 1;
    public static final int EXIT_USAGE = 2;

    private Main() {
    }

    public static void main(String[] args) {
        int code = run(Arrays.asList(args), System.out, System.err);
        System.out.flush();
        System.exit(code);
    }

    /** Runs a command and returns its exit code (tests call this instead of main). */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.isEmpty() || args.get(0).equals("--help") || args.get(0).equals("-h")
                || args.get(0).equals("help")) {
            out.print(usage());
            return args.isEmpty() ? EXIT_USAGE : EXIT_OK;
        }
        if (args.get(0).equals("--version") || args.get(0).equals("version")) {
            out.println("voipwatch " + version());
            return EXIT_OK;
        }
        List<String> rest = args.subList(1, args.size());
        try {
            switch (args.get(0)) {
                case "analyze":
                    return new AnalyzeCommand(out, err).run(rest);
                case "matrix":
                    return new MatrixCommand(out, err).run(rest);
                default:
                    throw new UsageException("unknown command '" + args.get(0) + "' (try: voipwatch --help)");
            }
        } catch (UsageException e) {
            err.println("voipwatch: " + e.getMessage());
            return EXIT_USAGE;
        }
    }

    public static String version() {
        String v = Main.class.getPackage().getImplementationVersion();
        return v != null ? v : "0.1.0-SNAPSHOT";
    }

    static String usage() {
        return String.join("\n",
                "voipwatch " + version() + " - is the traffic on my network the traffic the firewall matrix says,",
                "and is the audio getting through?",
                "",
                "Usage:",
                "  voipwatch analyze CAPTURE... --matrix MATRIX [options]",
                "      Analyse pcap/pcapng files (several: merged in time order; .gz accepted).",
                "      --matrix NAME|FILE     built-in profile name or matrix YAML file (required)",
                "      --bind ROLE=CIDR[,CIDR...]  bind addresses to a role (repeatable)",
                "      --events FILE|-        write events as JSON lines (default: none; - = stdout)",
                "      --format text|json     summary format (default text)",
                "      --summary FILE|-       where the summary goes (default: stdout, or stderr with --events -)",
                "      --reader java|libpcap  file reader (default java; libpcap = pcap4j, for cross-checking)",
                "      --probe NAME           name of this capture point in events (default voipwatch)",
                "      --max-flows N          flow table bound (default 262144)",
                "      --syn-timeout SECONDS  SYN without SYN-ACK counts as blocked after this (default 3)",
                "      --udp-timeout SECONDS  UDP request flow with no answer counts as blocked after this (default 10)",
                "      --grace SECONDS        media judged this long after a call's answer (default 5)",
                "      --hash-users           SIP user parts in call events as truncated SHA-256",
                "      --quiet                no progress line on a terminal",
                "  voipwatch matrix list                     built-in profiles",
                "  voipwatch matrix show NAME|FILE [--bind ROLE=CIDR]...   rules as a table",
                "  voipwatch matrix check FILE [--bind ROLE=CIDR]...       validate; prints the rules",
                "  voipwatch --version | --help",
                "",
                "Exit codes: 0 analysed; 1 analysed and found critical problems; 2 usage or input error.",
                "");
    }
}
