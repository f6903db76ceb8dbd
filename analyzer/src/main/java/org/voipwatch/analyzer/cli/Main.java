package org.voipwatch.analyzer.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/**
 * Entry point of the {@code voipwatch} command: {@code analyze}, {@code matrix}. Exit codes: 0 analysed;
 * 1 analysed and found problems of severity critical; 2 usage or input error (nothing readable). A capture
 * damaged part-way, events that could not be written, or an interrupt (SIGTERM/SIGINT) give 0 or 1 for what was
 * read, with a warning.
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
                case "monitor": return new MonitorCommand(out, err, System.getenv()).run(rest);
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
                "      --report FILE          write a self-contained HTML report (matrix grid, calls, ladders)",
                "      --reader java|libpcap  file reader (default java; libpcap = pcap4j, for cross-checking)",
                "      --probe NAME           name of this capture point in events (default voipwatch)",
                "      --max-flows N          flow table bound (default 262144)",
                "      --syn-timeout SECONDS  SYN without SYN-ACK counts as blocked after this (default 3)",
                "      --udp-timeout SECONDS  UDP request flow with no answer counts as blocked after this (default 10)",
                "      --grace SECONDS        media judged this long after a call's answer (default 5)",
                "      --hash-users           SIP user parts in call events as truncated SHA-256",
                "      --detectors LIST       all (default), none (classify flows against the matrix only),",
                "                             or a comma list of calls, stun",
                "      --stun-timeout SECONDS STUN request with no answer counts as unanswered after this (default 5)",
                "      --quiet                no progress line on a terminal",
                "      --kafka HOST:PORT[,...]  also publish events to Kafka (bootstrap servers)",
                "      --kafka-topic T        topic of events (default voipwatch.events)",
                "      --kafka-calls-topic T  topic of call_summary events (default voipwatch.calls)",
                "      --kafka-prop KEY=VALUE producer property over voipwatch's defaults (repeatable)",
                "      --kafka-config FILE    producer properties file (applied before --kafka-prop)",
                "      --kafka-max-pending N  unacknowledged events before dropping (default 50000)",
                "      --kafka-close-timeout D  wait at most D for delivery at the end (default 10s)",
                "      --metrics HOST:PORT    serve Prometheus /metrics and /health (e.g. 127.0.0.1:9464)",
                "      --linger D             keep serving /metrics for D after the analysis (e.g. 30s)",
                "  voipwatch monitor -i IFACE [-i IFACE...] --matrix MATRIX [options]",
                "      Live analysis until SIGTERM/SIGINT (then drain, summary, exit code as for analyze).",
                "      --bpf FILTER           capture filter, tcpdump syntax (checked at start)",
                "      --snaplen N            bytes kept per frame (default 65535); --buffer-mb N kernel buffer (16)",
                "      --promisc              promiscuous mode; --duration SECONDS stop after this long",
                "      --immediate            deliver each frame at once (default: blocks, at most 100 ms late)",
                "      --capture-api direct|batch|pcap4j  how frames leave libpcap (default direct: pcap_next_ex",
                "                             into the ring slot; batch: pcap_dispatch batches, experimental)",
                "      --config FILE          properties file (matrix, interfaces, bind, bpf, probe, events, ...)",
                "      --metrics HOST:PORT    serve Prometheus /metrics while monitoring (capture counters included)",
                "      --bind --events --probe --format --max-flows --syn-timeout --udp-timeout --grace --detectors",
                "      --stun-timeout --kafka* (all seven): as for analyze",
                "      --capture-loss-ratio R --capture-loss-packets N  capture_loss when a 5 s sample lost more",
                "                             than R of the frames received (0.001) or at least N (100)",
                "      --stats-interval SECONDS  pcap_stats sampling period (default 5)",
                "      environment: VOIPWATCH_MATRIX, VOIPWATCH_INTERFACES, VOIPWATCH_BPF, VOIPWATCH_PROBE,",
                "      VOIPWATCH_KAFKA, VOIPWATCH_KAFKA_TOPIC, VOIPWATCH_KAFKA_CALLS_TOPIC",
                "  voipwatch matrix list                     built-in profiles",
                "  voipwatch matrix show NAME|FILE [--bind ROLE=CIDR]...   rules as a table",
                "  voipwatch matrix check FILE [--bind ROLE=CIDR]...       validate; prints the rules",
                "  voipwatch matrix learn CAPTURE... [--matrix BASE] [--bind ROLE=CIDR]... [--output FILE]",
                "      Draft a matrix YAML from the flows seen (with BASE: keep it, add what it does not document).",
                "  voipwatch matrix coverage CAPTURE... --matrix M [--bind ROLE=CIDR]... [--format text|json]",
                "      Per documented rule: flows seen/answered/unanswered/blocked; exit 1 if a used rule is blocked.",
                "  voipwatch --version | --help",
                "",
                "Exit codes: 0 analysed; 1 analysed and found critical problems; 2 usage or input error.",
                "A damaged capture, unwritable events or SIGTERM give 0/1 for what was read, with a warning.",
                "");
    }
}
