package dev.hypercare.triage.grouping;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Term -> small int id (0, 1, 2... in order of first sight), one per release's {@link IssueGrouping}.
 *
 * <p>Why not a {@code HashMap<String, Integer>}: the terms are 3-5 letter prefixes, whose {@code String.hashCode}s
 * differ mostly in their high bits (31 = -1 modulo 32), and {@code HashMap} uses the low bits: its buckets degenerated
 * into tree bins and the look-up of each report term was ~5 % of grouping's CPU. Open addressing with the hash spread
 * by a multiplicative mix (the high bits of {@code h * golden ratio}) and no boxing.
 *
 * <p>Why terms are packed into a {@code long}: with character n-grams a release's dictionary holds tens of thousands of
 * terms, most seen once (their document frequencies are still needed for IDF), and a {@code String} with its byte array
 * took ~48 bytes of each. A term of 1-5 chars, each 1-4095 (Latin, Greek, Cyrillic... after folding), is 12 bits per
 * char, left-aligned, zero-padded: unique, no allocation, and ordered as {@link String#compareTo} orders the terms (the
 * first differing char decides; a prefix, padded with 0, comes first). Other terms (longer, or with other chars) keep
 * a {@code String} key in a second table.
 */
final class TermDictionary {

    static final int PACKED_CHARS = 5;
    private static final int CHAR_BITS = 12;
    private static final int MAX_PACKED_CHAR = (1 << CHAR_BITS) - 1;

    /** Packed terms: key 0 is a free slot (a packed term is never 0). */
    private long[] packedKeys = new long[1024];
    private int[] packedIds = new int[1024];
    private int packedShift = Integer.SIZE - 10;
    private int packedCount;

    /** Terms that do not pack. */
    private String[] keys = new String[16];
    private int[] ids = new int[16];
    private int shift = Integer.SIZE - 4;
    private int stringCount;
    private final Map<Integer, String> unpackedById = new HashMap<>();

    /** Id -> packed term, or 0 for a term kept as a String. */
    private long[] packedById = new long[512];
    private int size;

    int size() {
        return size;
    }

    /** The term's id, assigning the next one if the term is new. */
    int idOf(String term) {
        long packed = pack(term);
        return packed != 0 ? packedIdOf(packed) : stringIdOf(term);
    }

    /** The term of an id given by {@link #idOf}. */
    String term(int id) {
        long packed = packedById[id];
        return packed != 0 ? unpack(packed) : unpackedById.get(id);
    }

    /** {@code term(a).compareTo(term(b))}'s sign, without making the strings when both are packed. */
    int compare(int a, int b) {
        long pa = packedById[a];
        long pb = packedById[b];
        if (pa != 0 && pb != 0) {
            return Long.compare(pa, pb);
        }
        return term(a).compareTo(term(b));
    }

    /** The term packed (see the class comment), or 0 when it does not pack. */
    static long pack(String term) {
        int length = term.length();
        if (length == 0 || length > PACKED_CHARS) {
            return 0;
        }
        long packed = 0;
        for (int i = 0; i < length; i++) {
            char c = term.charAt(i);
            if (c == 0 || c > MAX_PACKED_CHAR) {
                return 0;
            }
            packed = (packed << CHAR_BITS) | c;
        }
        return packed << (CHAR_BITS * (PACKED_CHARS - length));
    }

    static String unpack(long packed) {
        char[] chars = new char[PACKED_CHARS];
        int length = 0;
        for (int i = PACKED_CHARS - 1; i >= 0; i--) {
            char c = (char) ((packed >>> (CHAR_BITS * i)) & MAX_PACKED_CHAR);
            if (c == 0) {
                break;
            }
            chars[length++] = c;
        }
        return new String(chars, 0, length);
    }

    private int next(long packed) {
        if (size == packedById.length) {
            packedById = Arrays.copyOf(packedById, size * 2);
        }
        packedById[size] = packed;
        return size++;
    }

    private int packedIdOf(long packed) {
        int mask = packedKeys.length - 1;
        int at = packedSlot(packed);
        while (true) {
            long key = packedKeys[at];
            if (key == 0) {
                packedKeys[at] = packed;
                int id = next(packed);
                packedIds[at] = id;
                if (++packedCount * 2 > packedKeys.length) {
                    growPacked();
                }
                return id;
            }
            if (key == packed) {
                return packedIds[at];
            }
            at = (at + 1) & mask;
        }
    }

    private int packedSlot(long packed) {
        return (int) ((packed * 0x9E3779B97F4A7C15L) >>> (Long.SIZE - (Integer.SIZE - packedShift)));
    }

    private void growPacked() {
        long[] oldKeys = packedKeys;
        int[] oldIds = packedIds;
        packedKeys = new long[oldKeys.length * 2];
        packedIds = new int[packedKeys.length];
        packedShift--;
        int mask = packedKeys.length - 1;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != 0) {
                int at = packedSlot(oldKeys[i]);
                while (packedKeys[at] != 0) {
                    at = (at + 1) & mask;
                }
                packedKeys[at] = oldKeys[i];
                packedIds[at] = oldIds[i];
            }
        }
    }

    private int stringIdOf(String term) {
        int mask = keys.length - 1;
        int at = slot(term.hashCode());
        while (true) {
            String key = keys[at];
            if (key == null) {
                keys[at] = term;
                int id = next(0);
                ids[at] = id;
                unpackedById.put(id, term);
                if (++stringCount * 2 > keys.length) {
                    grow();
                }
                return id;
            }
            if (key.equals(term)) {
                return ids[at];
            }
            at = (at + 1) & mask;
        }
    }

    private int slot(int hash) {
        return (hash * 0x9E3779B9) >>> shift;
    }

    private void grow() {
        String[] oldKeys = keys;
        int[] oldIds = ids;
        keys = new String[oldKeys.length * 2];
        ids = new int[keys.length];
        shift--;
        int mask = keys.length - 1;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != null) {
                int at = slot(oldKeys[i].hashCode());
                while (keys[at] != null) {
                    at = (at + 1) & mask;
                }
                keys[at] = oldKeys[i];
                ids[at] = oldIds[i];
            }
        }
    }
}
