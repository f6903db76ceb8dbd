package org.voipwatch.analyzer.testutil;

import java.io.IOException;

/**
 * Main class of the child JVM that {@link KafkaBroker} starts: formats the KRaft storage (idempotent) and runs
 * the real broker. Halts when its standard input closes, so a test JVM that dies leaves no orphan broker.
 */
public final class KafkaBrokerLauncher {
    private KafkaBrokerLauncher() {
    }

    public static void main(String[] args) throws Exception {
        String props = args[0];
        String clusterId = args[1];
        Thread stdinWatch = new Thread(() -> {
            try {
                while (System.in.read() >= 0) {
                    // discard
                }
            } catch (IOException e) {
                // closed: the parent is gone
            }
            Runtime.getRuntime().halt(0);
        }, "stdin-watch");
        stdinWatch.setDaemon(true);
        stdinWatch.start();
        int rc = kafka.tools.StorageTool.execute(new String[] {"format", "--cluster-id=" + clusterId, "-c", props,
            "--ignore-formatted"}, System.out);
        if (rc != 0) {
            System.err.println("storage format failed: " + rc);
            Runtime.getRuntime().halt(3);
        }
        kafka.Kafka.main(new String[] {props});
    }
}
