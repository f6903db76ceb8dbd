package org.voipwatch.analyzer.hardening;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/**
 * Inputs for the property tests: random bytes, and valid seeds mutated (bytes flipped, cut, spliced,
 * inserted, lengths pushed to their limits), which reach deeper than random bytes. Plus a check that every
 * public primitive accessor of a flyweight runs without an exception and every (xOffset, xLength) view lies
 * inside the wrapped bytes.
 */
final class Fuzz {
    private Fuzz() {
    }

    static Arbitrary<byte[]> randomBytes(int maxLength) {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(maxLength);
    }

    /** Random bytes, or one of the seeds with a few random edits. */
    static Arbitrary<byte[]> bytesNear(byte[]... seeds) {
        return Arbitraries.oneOf(randomBytes(256),
                Arbitraries.randomValue(r -> mutate(seeds[r.nextInt(seeds.length)], r)));
    }

    static byte[] mutate(byte[] seed, Random r) {
        byte[] b = seed.clone();
        int edits = 1 + r.nextInt(4);
        for (int e = 0; e < edits; e++) {
            if (b.length == 0) {
                return b;
            }
            int at = r.nextInt(b.length);
            switch (r.nextInt(7)) {
                case 0:
                    b[at] = (byte) r.nextInt(256);
                    break;
                case 1:
                    b[at] ^= (byte) (1 << r.nextInt(8));
                    break;
                case 2:
                    b = Arrays.copyOf(b, at); // truncation
                    break;
                case 3: { // a length-like field pushed to an extreme
                    byte v = r.nextBoolean() ? (byte) 0xff : 0;
                    b[at] = v;
                    if (at + 1 < b.length) {
                        b[at + 1] = v;
                    }
                    break;
                }
                case 4: { // insert random bytes
                    byte[] ins = new byte[1 + r.nextInt(8)];
                    r.nextBytes(ins);
                    byte[] n = new byte[b.length + ins.length];
                    System.arraycopy(b, 0, n, 0, at);
                    System.arraycopy(ins, 0, n, at, ins.length);
                    System.arraycopy(b, at, n, at + ins.length, b.length - at);
                    b = n;
                    break;
                }
                case 5: { // duplicate a region (repeated headers, attributes, blocks)
                    int len = Math.min(b.length - at, 1 + r.nextInt(40));
                    byte[] n = new byte[b.length + len];
                    System.arraycopy(b, 0, n, 0, at + len);
                    System.arraycopy(b, at, n, at + len, b.length - at);
                    b = n;
                    break;
                }
                default: { // text-level edits: separators are where parsers get lost
                    byte[] seps = {'\r', '\n', ':', ';', ' ', '=', ',', '<', '>', '"', 0};
                    b[at] = seps[r.nextInt(seps.length)];
                    break;
                }
            }
        }
        return b;
    }

    /**
     * Calls every public no-argument accessor returning a primitive and checks each (xOffset, xLength) pair with a
     * positive length lies in {@code [lo, hi)}. Exceptions propagate (the property fails with the input).
     */
    static void exerciseAccessors(Object flyweight, int lo, int hi) {
        List<Method> getters = getters(flyweight.getClass());
        for (Method m : getters) {
            invoke(flyweight, m);
        }
        for (Method m : getters) {
            String n = m.getName();
            if (n.endsWith("Offset") && m.getReturnType() == int.class) {
                Method len = find(getters, n.substring(0, n.length() - "Offset".length()) + "Length");
                if (len != null) {
                    int o = (Integer) invoke(flyweight, m);
                    int l = (Integer) invoke(flyweight, len);
                    if (l > 0 && (o < lo || o + l > hi)) {
                        throw new AssertionError(n + "=" + o + " length " + l + " outside [" + lo + ", " + hi + ")");
                    }
                }
            }
        }
    }

    private static final java.util.Map<Class<?>, List<Method>> GETTERS =
            new java.util.concurrent.ConcurrentHashMap<>();

    private static List<Method> getters(Class<?> c) {
        return GETTERS.computeIfAbsent(c, k -> {
            List<Method> l = new ArrayList<>();
            for (Method m : k.getMethods()) {
                if (m.getParameterCount() == 0 && !Modifier.isStatic(m.getModifiers())
                        && m.getReturnType().isPrimitive() && m.getReturnType() != void.class
                        && m.getDeclaringClass() == k && !moves(m.getName())) {
                    l.add(m);
                }
            }
            l.sort((a, b) -> a.getName().compareTo(b.getName()));
            return l;
        });
    }

    /** Cursor moves and per-item reads (next, rewind, find, decode, attribute*): the caller drives those. */
    private static boolean moves(String name) {
        return name.startsWith("next") || name.startsWith("rewind") || name.startsWith("find")
                || name.startsWith("decode") || name.startsWith("attribute");
    }

    private static Method find(List<Method> l, String name) {
        for (Method m : l) {
            if (m.getName().equals(name)) {
                return m;
            }
        }
        return null;
    }

    private static Object invoke(Object o, Method m) {
        try {
            return m.invoke(o);
        } catch (InvocationTargetException e) {
            Throwable t = e.getCause();
            if (t instanceof RuntimeException) {
                throw (RuntimeException) t;
            }
            throw new AssertionError(m.getName() + " threw " + t, t);
        } catch (IllegalAccessException e) {
            throw new AssertionError(e);
        }
    }

    static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (byte x : b) {
            sb.append(String.format("%02x", x & 0xff));
        }
        return sb.toString();
    }

    static byte[] unhex(String s) {
        String h = s.replaceAll("\\s", "");
        byte[] b = new byte[h.length() / 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Integer.parseInt(h.substring(2 * i, 2 * i + 2), 16);
        }
        return b;
    }
}
