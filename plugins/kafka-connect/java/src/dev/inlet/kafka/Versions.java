package dev.inlet.kafka;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Plugin versions ordered as Kafka orders them when one connector class is on plugin.path more
 * than once (its PluginDesc compares versions as Maven's DefaultArtifactVersion, that is Maven's
 * ComparableVersion; the greatest wins). Written from Maven's documented rules:
 * <ul>
 * <li>a version splits at '.', at '-' and where digits and letters meet; '-' and a letter/digit
 *     boundary open a sub-list, so "1-1" sorts before "1.1";</li>
 * <li>numbers compare numerically; qualifiers in the order alpha &lt; beta &lt; milestone &lt;
 *     rc (= cr) &lt; snapshot &lt; release (= "", ga, final) &lt; sp, and unknown qualifiers after
 *     those, alphabetically (case-insensitive); "a1", "b1", "m1" stand for alpha, beta and
 *     milestone;</li>
 * <li>trailing zeros and release qualifiers do not count: 1 = 1.0 = 1.0.0 = 1.0.Final;</li>
 * <li>a number beats a qualifier, and a sub-list sits between the two: 1.1 &gt; 1-1 &gt; 1.sp.</li>
 * </ul>
 */
final class Versions {
    private Versions() {
    }

    static final Comparator<String> ORDER = (a, b) -> compareLists(parse(a), parse(b));

    /**
     * A connector.plugin.version requirement (KIP-891, Kafka 4.1) as Kafka reads it
     * (PluginUtils.connectorVersionRequirement): null or "latest" is none; a bare version is the
     * exact one ("1.0" as "[1.0]"); otherwise Maven's version ranges, "[1.0,2.0)", "(,1.0]",
     * "[1.0,)", several separated by commas. Returns the greatest of `available` the requirement
     * allows, or null when none does; IllegalArgumentException, with Maven's reason, for a
     * malformed one.
     */
    static String match(String requirement, List<String> available) {
        if (requirement == null || requirement.trim().equals("latest")) return greatest(available, r -> true);
        String spec = requirement.trim();
        if (!spec.startsWith("[") && !spec.startsWith("(")) spec = "[" + spec + "]";
        List<String[]> ranges = new ArrayList<>(); // {lower, upper, "[" or "(", "]" or ")"}, null bound: open
        String rest = spec;
        while (rest.startsWith("[") || rest.startsWith("(")) {
            int close = firstOf(rest, ']', ')');
            if (close < 0) throw new IllegalArgumentException("Unbounded range: " + requirement);
            ranges.add(range(rest.substring(0, close + 1), requirement));
            rest = rest.substring(close + 1).trim();
            if (rest.startsWith(",")) rest = rest.substring(1).trim();
        }
        if (!rest.isEmpty()) throw new IllegalArgumentException("Only fully-qualified sets allowed in multiple set scenario: " + requirement);
        return greatest(available, v -> {
            for (String[] r : ranges) if (contains(r, v)) return true;
            return false;
        });
    }

    private static String greatest(List<String> versions, java.util.function.Predicate<String> allowed) {
        String best = null;
        for (String v : versions) if (allowed.test(v) && (best == null || ORDER.compare(v, best) > 0)) best = v;
        return best;
    }

    private static int firstOf(String s, char a, char b) {
        int i = s.indexOf(a), j = s.indexOf(b);
        return i < 0 ? j : j < 0 ? i : Math.min(i, j);
    }

    private static String[] range(String text, String requirement) {
        String lowerMark = text.substring(0, 1), upperMark = text.substring(text.length() - 1);
        String inner = text.substring(1, text.length() - 1).trim();
        int comma = inner.indexOf(',');
        if (comma < 0) {
            if (!lowerMark.equals("[") || !upperMark.equals("]"))
                throw new IllegalArgumentException("Single version must be surrounded by []: " + requirement);
            return new String[] {inner, inner, "[", "]"};
        }
        String lower = inner.substring(0, comma).trim(), upper = inner.substring(comma + 1).trim();
        if (lower.equals(upper)) throw new IllegalArgumentException("Range cannot have identical boundaries: " + requirement);
        if (!lower.isEmpty() && !upper.isEmpty() && ORDER.compare(upper, lower) < 0)
            throw new IllegalArgumentException("Range defies version ordering: " + requirement);
        return new String[] {lower.isEmpty() ? null : lower, upper.isEmpty() ? null : upper, lowerMark, upperMark};
    }

    private static boolean contains(String[] r, String v) {
        if (r[0] != null) {
            int c = ORDER.compare(r[0], v);
            if (c > 0 || (c == 0 && !r[2].equals("["))) return false;
        }
        if (r[1] != null) {
            int c = ORDER.compare(r[1], v);
            if (c < 0 || (c == 0 && !r[3].equals("]"))) return false;
        }
        return true;
    }

    private static final String[] QUALIFIERS = {"alpha", "beta", "milestone", "rc", "snapshot", "", "sp"};
    private static final int RELEASE = 5;

    /** An item is a BigInteger (a number), a String (a qualifier, normalized) or a List. */
    private static List<Object> parse(String version) {
        String v = version == null ? "null" : version.toLowerCase(Locale.ROOT);
        List<Object> top = new ArrayList<>();
        List<List<Object>> open = new ArrayList<>();
        open.add(top);
        List<Object> list = top;
        boolean digits = false;
        int start = 0;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '.' || c == '-') {
                list.add(i == start ? BigInteger.ZERO : item(v.substring(start, i), digits, false));
                start = i + 1;
                if (c == '-') list = sublist(list, open);
            } else if (Character.isDigit(c)) {
                if (!digits && i > start) { // letters, then digits: "rc1" is rc, then 1
                    list.add(item(v.substring(start, i), false, true));
                    start = i;
                    list = sublist(list, open);
                }
                digits = true;
            } else {
                if (digits && i > start) {
                    list.add(item(v.substring(start, i), true, false));
                    start = i;
                    list = sublist(list, open);
                }
                digits = false;
            }
        }
        if (v.length() > start) list.add(item(v.substring(start), digits, false));
        for (int i = open.size() - 1; i >= 0; i--) trim(open.get(i));
        return top;
    }

    private static List<Object> sublist(List<Object> list, List<List<Object>> open) {
        List<Object> sub = new ArrayList<>();
        list.add(sub);
        open.add(sub);
        return sub;
    }

    private static Object item(String text, boolean digits, boolean followedByDigit) {
        if (digits) return new BigInteger(text);
        if (followedByDigit && text.length() == 1) {
            switch (text.charAt(0)) {
                case 'a': return "alpha";
                case 'b': return "beta";
                case 'm': return "milestone";
                default: break;
            }
        }
        switch (text) {
            case "ga": case "final": case "release": return "";
            case "cr": return "rc";
            default: return text;
        }
    }

    /** Drops the trailing items that count for nothing (0, release, empty lists) up to a list. */
    private static void trim(List<Object> list) {
        for (int i = list.size() - 1; i >= 0; i--) {
            Object last = list.get(i);
            if (isNull(last)) list.remove(i);
            else if (!(last instanceof List)) break;
        }
    }

    private static boolean isNull(Object item) {
        if (item instanceof BigInteger) return ((BigInteger) item).signum() == 0;
        if (item instanceof String) return ((String) item).isEmpty();
        return ((List<?>) item).isEmpty();
    }

    private static String qualifierKey(String q) {
        for (int i = 0; i < QUALIFIERS.length; i++) if (QUALIFIERS[i].equals(q)) return Integer.toString(i);
        return QUALIFIERS.length + "-" + q;
    }

    /** a against b, either of which may be null (nothing there: an absent item). */
    @SuppressWarnings("unchecked")
    private static int compare(Object a, Object b) {
        if (a == null) return b == null ? 0 : -compare(b, null);
        if (a instanceof BigInteger) {
            if (b == null) return ((BigInteger) a).signum() == 0 ? 0 : 1;
            if (b instanceof BigInteger) return ((BigInteger) a).compareTo((BigInteger) b);
            return 1; // a number beats a qualifier and a sub-list
        }
        if (a instanceof String) {
            if (b == null) return qualifierKey((String) a).compareTo(Integer.toString(RELEASE));
            if (b instanceof String) return qualifierKey((String) a).compareTo(qualifierKey((String) b));
            return -1; // a qualifier loses to a number and to a sub-list
        }
        List<Object> list = (List<Object>) a;
        if (b == null) {
            for (Object item : list) {
                int r = compare(item, null);
                if (r != 0) return r;
            }
            return 0;
        }
        if (b instanceof BigInteger) return -1;
        if (b instanceof String) return 1;
        return compareLists(list, (List<Object>) b);
    }

    private static int compareLists(List<Object> a, List<Object> b) {
        for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
            int r = compare(i < a.size() ? a.get(i) : null, i < b.size() ? b.get(i) : null);
            if (r != 0) return r;
        }
        return 0;
    }
}
