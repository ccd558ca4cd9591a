package dev.inlet.kafka;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The JSON the bridge exchanges with inlet: source partitions and offsets (a Long stays an
 * integer, a String a string), config definitions, task configs. Objects are written with
 * sorted keys so that one map always has one spelling (inlet compares partitions as text).
 * Parsing gives what Kafka's offset store gives back: integers as Long, decimals as Double.
 */
final class Json {
    private Json() {}

    static String write(Object value) {
        StringBuilder out = new StringBuilder(64);
        write(out, value);
        return out.toString();
    }

    static void write(StringBuilder out, Object v) {
        if (v == null) {
            out.append("null");
        } else if (v instanceof String) {
            string(out, (String) v);
        } else if (v instanceof Boolean || v instanceof Long || v instanceof Integer
                || v instanceof Short || v instanceof Byte || v instanceof BigDecimal) {
            out.append(v.toString());
        } else if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) string(out, v.toString());
            else out.append(v.toString());
        } else if (v instanceof Map && ((Map<?, ?>) v).size() == 1) {
            Map.Entry<?, ?> e = ((Map<?, ?>) v).entrySet().iterator().next();
            out.append('{');
            string(out, String.valueOf(e.getKey()));
            out.append(':');
            write(out, e.getValue());
            out.append('}');
        } else if (v instanceof Map) {
            TreeMap<String, Object> sorted = new TreeMap<>();
            for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet())
                sorted.put(String.valueOf(e.getKey()), e.getValue());
            out.append('{');
            boolean first = true;
            for (Map.Entry<String, Object> e : sorted.entrySet()) {
                if (!first) out.append(',');
                first = false;
                string(out, e.getKey());
                out.append(':');
                write(out, e.getValue());
            }
            out.append('}');
        } else if (v instanceof Collection) {
            out.append('[');
            boolean first = true;
            for (Object o : (Collection<?>) v) {
                if (!first) out.append(',');
                first = false;
                write(out, o);
            }
            out.append(']');
        } else if (v instanceof byte[]) {
            string(out, Base64.getEncoder().encodeToString((byte[]) v));
        } else if (v instanceof ByteBuffer) {
            ByteBuffer b = ((ByteBuffer) v).duplicate();
            byte[] bytes = new byte[b.remaining()];
            b.get(bytes);
            string(out, Base64.getEncoder().encodeToString(bytes));
        } else {
            string(out, v.toString());
        }
    }

    static void string(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': out.append("\\\""); break;
                case '\\': out.append("\\\\"); break;
                case '\n': out.append("\\n"); break;
                case '\r': out.append("\\r"); break;
                case '\t': out.append("\\t"); break;
                default:
                    if (c < 0x20) out.append(String.format("\\u%04x", (int) c));
                    else out.append(c);
            }
        }
        out.append('"');
    }

    static Object parse(String text) {
        Parser p = new Parser(text);
        Object v = p.value();
        p.space();
        if (p.at < text.length()) throw new IllegalArgumentException("trailing text in JSON: " + text);
        return v;
    }

    private static final class Parser {
        final String s;
        int at;

        Parser(String s) { this.s = s; }

        void space() {
            while (at < s.length() && Character.isWhitespace(s.charAt(at))) at++;
        }

        Object value() {
            space();
            if (at >= s.length()) throw new IllegalArgumentException("truncated JSON: " + s);
            char c = s.charAt(at);
            if (c == '{') {
                at++;
                Map<String, Object> m = new LinkedHashMap<>();
                space();
                if (s.charAt(at) == '}') { at++; return m; }
                while (true) {
                    space();
                    String k = str();
                    space();
                    expect(':');
                    m.put(k, value());
                    space();
                    if (s.charAt(at) == ',') { at++; continue; }
                    expect('}');
                    return m;
                }
            }
            if (c == '[') {
                at++;
                List<Object> l = new ArrayList<>();
                space();
                if (s.charAt(at) == ']') { at++; return l; }
                while (true) {
                    l.add(value());
                    space();
                    if (s.charAt(at) == ',') { at++; continue; }
                    expect(']');
                    return l;
                }
            }
            if (c == '"') return str();
            if (s.startsWith("true", at)) { at += 4; return Boolean.TRUE; }
            if (s.startsWith("false", at)) { at += 5; return Boolean.FALSE; }
            if (s.startsWith("null", at)) { at += 4; return null; }
            int start = at;
            while (at < s.length() && "+-0123456789.eE".indexOf(s.charAt(at)) >= 0) at++;
            String num = s.substring(start, at);
            if (num.isEmpty()) throw new IllegalArgumentException("bad JSON at " + start + ": " + s);
            if (num.indexOf('.') < 0 && num.indexOf('e') < 0 && num.indexOf('E') < 0) {
                try { return Long.parseLong(num); } catch (NumberFormatException e) { return new BigDecimal(num); }
            }
            return Double.parseDouble(num);
        }

        void expect(char c) {
            if (at >= s.length() || s.charAt(at) != c)
                throw new IllegalArgumentException("expected '" + c + "' at " + at + " in JSON: " + s);
            at++;
        }

        String str() {
            expect('"');
            StringBuilder b = new StringBuilder();
            while (true) {
                char c = s.charAt(at++);
                if (c == '"') return b.toString();
                if (c != '\\') { b.append(c); continue; }
                char e = s.charAt(at++);
                switch (e) {
                    case 'n': b.append('\n'); break;
                    case 'r': b.append('\r'); break;
                    case 't': b.append('\t'); break;
                    case 'b': b.append('\b'); break;
                    case 'f': b.append('\f'); break;
                    case 'u': b.append((char) Integer.parseInt(s.substring(at, at + 4), 16)); at += 4; break;
                    default: b.append(e);
                }
            }
        }
    }
}
