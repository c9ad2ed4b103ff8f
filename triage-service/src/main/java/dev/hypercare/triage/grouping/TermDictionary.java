package dev.hypercare.triage.grouping;

import java.util.Arrays;

/**
 * Term -> small int id (0, 1, 2... in order of first sight), one per release's {@link IssueGrouping}.
 *
 * <p>Why not a {@code HashMap<String, Integer>}: the terms are 3-5 letter prefixes, whose {@code String.hashCode}s
 * differ mostly in their high bits (31 = -1 modulo 32), and {@code HashMap} uses the low bits: its buckets degenerated
 * into tree bins and the look-up of each report term was ~5 % of grouping's CPU. Open addressing with the hash code
 * spread by a multiplicative mix (the high bits of {@code h * golden ratio}) and no boxing.
 */
final class TermDictionary {

    private String[] keys = new String[1024];
    private int[] ids = new int[1024];
    private int shift = Integer.SIZE - 10;
    private int size;
    /** Id -> term: a group keeps its centroid as term ids, and its terms are needed again only to store it. */
    private String[] terms = new String[512];

    int size() {
        return size;
    }

    /** The term's id, assigning the next one if the term is new. */
    int idOf(String term) {
        int mask = keys.length - 1;
        int at = slot(term.hashCode());
        while (true) {
            String key = keys[at];
            if (key == null) {
                keys[at] = term;
                ids[at] = size;
                if (size == terms.length) {
                    terms = Arrays.copyOf(terms, size * 2);
                }
                terms[size] = term;
                if (++size * 2 > keys.length) {
                    grow();
                }
                return size - 1;
            }
            if (key.equals(term)) {
                return ids[at];
            }
            at = (at + 1) & mask;
        }
    }

    /** The term of an id given by {@link #idOf}. */
    String term(int id) {
        return terms[id];
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
        Arrays.fill(oldKeys, null);
    }
}
