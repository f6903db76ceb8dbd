package org.voipwatch.analyzer.testutil;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parses a flat JSON object (string, number, boolean and null members; nested objects/arrays are kept as
 * their raw text) — enough to read voipwatch events and expected-event files in tests without a JSON
 * library. Numbers become Long or Double; values compare with {@link Object#equals}.
 */
public final class FlatJson {
    private final String s;
    private int i;

    private FlatJson(String s) {
        this.s = s;
    }

    public static Map<String, Object> parse(String text) {
        FlatJson p = new FlatJson(text.trim());
        return p.object();
    }

    private Map<String, Object> object() {
        Map<String, Object> m = new LinkedHashMap<>();
        expect('{');
        ws();
        if (peek() == '}') {
            i++;
            return m;
        }
        while (true) {
            ws();
            String k = string();
            ws();
            expect(':');
            ws();
            m.put(k, value());
            ws();
            char c = s.charAt(i++);
            if (c == '}') {
                return m;
            }
            if (c != ',') {
                throw new IllegalArgumentException("bad JSON at " + (i - 1) + ": " + s);
            }
        }
    }

    private Object value() {
        char c = peek();
        if (c == '"') {
            return string();
        }
        if (c == '{' || c == '[') {
            int start = i;
            int depth = 0;
            boolean inStr = false;
            for (; i < s.length(); i++) {
                char x = s.charAt(i);
                if (inStr) {
                    if (x == '\\') {
                        i++;
                    } else if (x == '"') {
                        inStr = false;
                    }
                } else if (x == '"') {
                    inStr = true;
                } else if (x == '{' || x == '[') {
                    depth++;
                } else if (x == '}' || x == ']') {
                    if (--depth == 0) {
                        i++;
                        return s.substring(start, i);
                    }
                }
            }
            throw new IllegalArgumentException("unterminated JSON: " + s);
        }
        int start = i;
        while (i < s.length() && ",}] \t\n".indexOf(s.charAt(i)) < 0) {
            i++;
        }
        String tok = s.substring(start, i);
        switch (tok) {
            case "null": return null;
            case "true": return Boolean.TRUE;
            case "false": return Boolean.FALSE;
            default:
                return tok.contains(".") || tok.contains("e") || tok.contains("E") ? (Object) Double.valueOf(tok)
                        : (Object) Long.valueOf(tok);
        }
    }

    private String string() {
        expect('"');
        StringBuilder b = new StringBuilder();
        while (true) {
            char c = s.charAt(i++);
            if (c == '"') {
                return b.toString();
            }
            if (c == '\\') {
                char e = s.charAt(i++);
                switch (e) {
                    case 'n': b.append('\n'); break;
                    case 't': b.append('\t'); break;
                    case 'r': b.append('\r'); break;
                    case 'u': b.append((char) Integer.parseInt(s.substring(i, i + 4), 16)); i += 4; break;
                    default: b.append(e);
                }
            } else {
                b.append(c);
            }
        }
    }

    private char peek() {
        return s.charAt(i);
    }

    private void ws() {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
    }

    private void expect(char c) {
        if (s.charAt(i) != c) {
            throw new IllegalArgumentException("expected '" + c + "' at " + i + ": " + s);
        }
        i++;
    }
}
