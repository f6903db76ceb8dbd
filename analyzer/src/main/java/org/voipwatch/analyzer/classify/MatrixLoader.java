package org.voipwatch.analyzer.classify;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Loads a flow matrix from YAML (format in docs/matrix.md) into a {@link FlowMatrix}. Every problem is a
 * {@link MatrixException} whose message is {@code file:line: problem}; unknown keys are errors so that a typo
 * never silently widens or narrows the matrix. Runs once at start-up on the main thread.
 *
 * <p>SnakeYAML's node API ({@code compose}) is used instead of {@code load} because nodes keep their marks,
 * which is what puts the right line into each message.
 */
public final class MatrixLoader {
    /** Classpath folder of the built-in profiles. */
    public static final String PROFILE_RESOURCE_DIR = "/org/voipwatch/analyzer/profiles/";
    /** Built-in profile names; each is {@code PROFILE_RESOURCE_DIR + name + ".yaml"}. */
    private static final List<String> BUILT_IN = List.of(
            "audiocodes-ovoc", "estos-procall-ucconnect", "jtel-acd", "jtel-acd-stack", "xivo-edge");
    private static final Pattern ROLE_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]*");

    private MatrixLoader() {
    }

    /** Names accepted by {@link #loadNamed}, sorted. */
    public static List<String> builtInProfiles() {
        return BUILT_IN;
    }

    /** Loads a matrix file; errors name the file as given. */
    public static FlowMatrix load(Path file, List<String> extraBindings) throws MatrixException {
        String display = file.toString();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return load(display, r, extraBindings);
        } catch (NoSuchFileException e) {
            throw new MatrixException(display + ": no such file");
        } catch (IOException e) {
            throw new MatrixException(display + ": cannot read: " + e.getMessage());
        }
    }

    /** Loads a matrix from a reader; {@code displayName} is the file part of every error message. */
    public static FlowMatrix load(String displayName, Reader reader, List<String> extraBindings)
            throws MatrixException {
        Node root;
        try {
            // the node API directly: what Yaml.compose does, without building Yaml's object constructor and
            // representer, whose classes cost ~50 ms of start-up (docs/design.md, Start-up)
            LoaderOptions options = new LoaderOptions();
            root = new Composer(new ParserImpl(new StreamReader(reader), options), new Resolver(), options)
                    .getSingleNode();
        } catch (MarkedYAMLException e) {
            Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            int line = m == null ? 1 : m.getLine() + 1;
            String problem = e.getProblem() != null ? e.getProblem() : e.getContext();
            throw MatrixException.at(displayName, line, "YAML syntax error: " + problem);
        } catch (YAMLException e) {
            throw MatrixException.at(displayName, 1, "YAML error: " + e.getMessage());
        }
        if (root == null) {
            throw MatrixException.at(displayName, 1, "empty document (expected name, roles, services, rules)");
        }
        FlowMatrix.Builder builder = new MatrixDocument(displayName).read(root);
        applyBindings(builder, extraBindings);
        return builder.build();
    }

    /**
     * Loads {@code nameOrPath} when it is an existing file, otherwise the built-in profile of that name; an
     * unknown name fails with the list of built-in names.
     */
    public static FlowMatrix loadNamed(String nameOrPath, List<String> extraBindings) throws MatrixException {
        Path p = Path.of(nameOrPath);
        if (Files.isRegularFile(p)) {
            return load(p, extraBindings);
        }
        String name = nameOrPath.endsWith(".yaml") ? nameOrPath.substring(0, nameOrPath.length() - 5) : nameOrPath;
        if (BUILT_IN.contains(name)) {
            InputStream in = MatrixLoader.class.getResourceAsStream(PROFILE_RESOURCE_DIR + name + ".yaml");
            if (in != null) {
                try (Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                    return load(name + ".yaml", r, extraBindings);
                } catch (IOException e) {
                    throw new MatrixException(name + ".yaml: cannot read: " + e.getMessage());
                }
            }
        }
        throw new MatrixException("'" + nameOrPath + "' is neither a file nor a built-in profile (built-in: "
                + String.join(", ", BUILT_IN) + ")");
    }

    /** Applies CLI {@code --bind ROLE=CIDR[,CIDR...]} values on top of the file's own bind section. */
    static void applyBindings(FlowMatrix.Builder builder, List<String> bindings) throws MatrixException {
        if (bindings == null) {
            return;
        }
        for (String value : bindings) {
            int eq = value.indexOf('=');
            String role = eq < 0 ? "" : value.substring(0, eq).trim().toLowerCase(Locale.ROOT);
            if (eq < 0 || role.isEmpty() || value.substring(eq + 1).isBlank()) {
                throw bindError(value, "expected ROLE=CIDR[,CIDR...]");
            }
            if (!builder.hasRole(role)) {
                throw bindError(value, "unknown role '" + role + "' (known: " + knownRoles(builder) + ")");
            }
            for (String cidr : value.substring(eq + 1).split(",", -1)) {
                if (cidr.isBlank()) {
                    throw bindError(value, "empty address in the list");
                }
                if (AddressBlock.parse(cidr) == null) {
                    throw bindError(value, "'" + cidr.trim() + "' is not an IPv4/IPv6 address or CIDR");
                }
                builder.bind(role, cidr.trim());
            }
        }
    }

    private static MatrixException bindError(String value, String problem) {
        return new MatrixException("--bind " + value + ": " + problem);
    }

    static String knownRoles(FlowMatrix.Builder builder) {
        List<String> names = new ArrayList<>(builder.roleNames());
        names.sort(null);
        return String.join(", ", names);
    }

    static boolean validRoleName(String name) {
        return ROLE_NAME.matcher(name).matches();
    }
}
