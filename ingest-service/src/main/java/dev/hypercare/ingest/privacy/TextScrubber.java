package dev.hypercare.ingest.privacy;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes personal data and secrets from free text before it leaves the ingest-service.
 *
 * <p>Rule: e-mail addresses, phone numbers, payment card numbers (only digit runs that pass the
 * Luhn check, so order numbers survive), IPv4/IPv6 addresses, bearer tokens, JWTs and API-key-like
 * strings are replaced by typed placeholders ({@code [EMAIL]}, {@code [PHONE]}, {@code [CARD]},
 * {@code [IP]}, {@code [TOKEN]}, {@code [SECRET]}). The placeholders keep the sentence readable for
 * triage ("I was charged twice on [CARD]") while nothing identifying reaches Kafka.
 *
 * <p>Order matters: secrets first (a JWT contains dots and digits that other patterns would split),
 * then e-mails, cards, IPs, and phones last, since a phone pattern would also eat card and IP digits.
 */
public final class TextScrubber {

    public static final String EMAIL = "[EMAIL]";
    public static final String PHONE = "[PHONE]";
    public static final String CARD = "[CARD]";
    public static final String IP = "[IP]";
    public static final String TOKEN = "[TOKEN]";
    public static final String SECRET = "[SECRET]";

    private static final Pattern BEARER = Pattern.compile("(?i)\\bbearer\\s+[A-Za-z0-9\\-._~+/]{8,}=*");
    private static final Pattern JWT = Pattern.compile("\\beyJ[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]{5,}");
    /** Well-known key shapes: Stripe, GitHub, Slack, AWS access key ids, Google API keys, Hypercare's own. */
    private static final Pattern KNOWN_KEY = Pattern.compile(
            "\\b(?:(?:sk|pk|rk)_(?:live|test)_[A-Za-z0-9]{10,}|gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,}"
                    + "|xox[abposr]-[A-Za-z0-9-]{10,}|AKIA[0-9A-Z]{16}|AIza[0-9A-Za-z_-]{35}|hc_[A-Za-z0-9_-]{16,})");
    /** key=value / key: value where the key names a secret. */
    private static final Pattern ASSIGNED_SECRET = Pattern.compile(
            "(?i)\\b(password|passwd|pwd|secret|token|api[_-]?key|apikey|access[_-]?key)(\\s*[:=]\\s*)([^\\s,;]{4,})");
    /**
     * A long run of mixed letters and digits (at least one of each), like a generated key: the whole run of key
     * characters. Anchored at the run's ends rather than at word boundaries: a run such as "1-1-1-…" has a boundary
     * at every character, and the two look-aheads rescanned the rest of the run from each (5 s for 20,000 characters).
     */
    private static final Pattern HIGH_ENTROPY = Pattern.compile(
            "(?<![A-Za-z0-9_-])(?=[A-Za-z0-9_-]*[0-9])(?=[A-Za-z0-9_-]*[A-Za-z])[A-Za-z0-9_-]{32,}(?![A-Za-z0-9_-])");
    /**
     * Also URL-encoded ({@code %40}, an address in a query string). The domain is one character class, not a repeated
     * group of labels: java.util.regex recurses once per repetition of a group, and "a@b" followed by thousands of
     * ".c" overflowed the stack (a 500). A match starts only where the run of local-part characters starts: from
     * every position inside a long run without a domain after its '@', it took over a second per 20,000 characters.
     */
    private static final Pattern EMAIL_ADDRESS = Pattern.compile(
            "(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+(?:@|%40)[A-Za-z0-9-]+[A-Za-z0-9.-]*\\.[A-Za-z]{2,}");
    /**
     * 13 to 19 digits, optionally grouped by single spaces or dashes; not inside a longer number or a dotted one
     * (a version, an amount), but a full stop after it ends a sentence, not a number.
     */
    private static final Pattern CARD_CANDIDATE = Pattern.compile("(?<!\\d)(?<!\\d\\.)\\d(?:[ -]?\\d){12,18}(?!\\d|\\.\\d)");
    private static final Pattern IPV4 = Pattern.compile(
            "(?<!\\d)(?<!\\d\\.)(?:(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(?!\\d|\\.\\d)");
    /** Full or '::'-compressed IPv6; requires several groups so that times like 10:30 survive. */
    private static final Pattern IPV6 = Pattern.compile(
            "(?i)(?<![0-9a-f:])(?:(?:[0-9a-f]{1,4}:){7}[0-9a-f]{1,4}|(?:[0-9a-f]{1,4}:){1,6}:(?:[0-9a-f]{1,4}:){0,5}[0-9a-f]{1,4}|::1)(?![0-9a-f:])");
    /** An international or national number: 8 to 15 digits with the usual separators. */
    private static final Pattern PHONE_NUMBER = Pattern.compile("(?<![\\w.])(?:\\+|00)?\\(?\\d[\\d ()./-]{6,18}\\d(?![\\w])");

    private TextScrubber() {
    }

    /** The text with every match replaced; null stays null. */
    public static String scrub(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        // Most feedback holds none of these shapes. One pass over the characters finds what each
        // pattern needs at the least (an '@' for an e-mail, 13 digits for a card, ...), and a pattern
        // whose prerequisite is absent is not run: each regex is a scan of the whole text, and with
        // look-behinds and \b at its start java.util.regex cannot skip ahead. The prerequisites are
        // taken on the original text and stay valid after replacements: a placeholder adds only
        // brackets and capitals, never a digit, '@', ':', '=', '.', '_', and breaks letter runs.
        return scrub(text, Shape.of(text));
    }

    /** The reference: every pattern run, whatever the text holds (the pre-checks are tested against it). */
    static String scrubWithEveryPattern(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        return scrub(text, Shape.EVERYTHING);
    }

    private static String scrub(String text, Shape shape) {
        String out = text;
        if (shape.bearer) {
            out = BEARER.matcher(out).replaceAll(TOKEN);
        }
        if (shape.jwt) {
            out = JWT.matcher(out).replaceAll(TOKEN);
        }
        if (shape.knownKey) {
            out = KNOWN_KEY.matcher(out).replaceAll(SECRET);
        }
        if (shape.assignedSecret) {
            out = ASSIGNED_SECRET.matcher(out).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + m.group(2) + SECRET));
        }
        if (shape.at) {
            out = EMAIL_ADDRESS.matcher(out).replaceAll(EMAIL);
        }
        if (shape.longestRun >= 32) {
            out = HIGH_ENTROPY.matcher(out).replaceAll(SECRET);
        }
        if (shape.cardRunDigits >= 13) {
            out = CARD_CANDIDATE.matcher(out).replaceAll(m -> luhnValid(m.group()) ? CARD : Matcher.quoteReplacement(m.group()));
        }
        // IPv4 ran on every text with a dot and 4 digits (a tenth of real feedback: versions, prices, dates) and
        // was the costliest pattern per item in the batch profile; placeholders never put a digit beside a dot or a colon.
        if (shape.ipv4RunDots >= 3) {
            out = IPV4.matcher(out).replaceAll(IP);
        }
        if (shape.colons >= 7 || shape.doubleColon) {
            out = IPV6.matcher(out).replaceAll(IP);
        }
        if (shape.phoneRunDigits >= 8) { // fewer digits can match the pattern but are never a phone (looksLikePhone)
            out = PHONE_NUMBER.matcher(out).replaceAll(m -> looksLikePhone(m.group()) ? PHONE : Matcher.quoteReplacement(m.group()));
        }
        return out;
    }

    /** What the text contains at the least, found in one pass: which patterns can match at all. */
    private static final class Shape {
        static final Shape EVERYTHING = everything();

        int longestRun; // of [A-Za-z0-9_-], the alphabet of generated keys
        boolean at;
        boolean dot;
        /**
         * A ':' or '=' right after (spaces allowed) a word ending like one of ASSIGNED_SECRET's key words: "ord"
         * (password), "swd" (passwd), "pwd", "ret" (secret), "ken" (token), "key" (api_key, apikey, access-key, ...).
         * Any ':' ran that pattern before, and a colon is common in feedback ("Note: ...", "10:30"): it was the
         * costliest pattern per single event in the JFR profile (session 7).
         */
        boolean assignedSecret;
        /**
         * The most digits in one run of a phone number's characters ({@code [0-9 ()./+-]}): PHONE_NUMBER matches within
         * such a run and needs 8 digits (looksLikePhone). Counting all digits of the text ran it on any text with a date
         * and a version.
         */
        int phoneRunDigits;
        /** The most digits in one run of {@code [0-9 -]}: a card number is 13 to 19 digits within such a run. */
        int cardRunDigits;
        /** The most digit-dot-digit dots in one run of {@code [0-9.]}: an IPv4 address has three in one run. */
        int ipv4RunDots;
        boolean bearer;
        boolean jwt;
        boolean knownKey;
        /** An IPv6 address has seven colons, or "::" when compressed. */
        int colons;
        boolean doubleColon;

        static Shape of(String text) {
            Shape shape = new Shape();
            int run = 0;
            boolean underscore = false;
            int phoneRun = 0;
            int cardRun = 0;
            int ipv4Run = 0;
            for (int i = 0, n = text.length(); i < n; i++) {
                char c = text.charAt(i);
                boolean digit = c >= '0' && c <= '9';
                // Runs of the characters each number pattern is made of (placeholders hold none of them, so a
                // replacement never joins two runs): the run's digits (or, for IPv4, its dots between digits).
                if (digit) {
                    shape.phoneRunDigits = Math.max(shape.phoneRunDigits, ++phoneRun);
                    shape.cardRunDigits = Math.max(shape.cardRunDigits, ++cardRun);
                } else {
                    if (c != ' ' && c != '(' && c != ')' && c != '.' && c != '/' && c != '+' && c != '-') {
                        phoneRun = 0;
                    }
                    if (c != ' ' && c != '-') {
                        cardRun = 0;
                    }
                    if (c != '.') {
                        ipv4Run = 0;
                    } else if (i > 0 && i + 1 < n && isDigit(text.charAt(i - 1)) && isDigit(text.charAt(i + 1))) {
                        shape.ipv4RunDots = Math.max(shape.ipv4RunDots, ++ipv4Run);
                    }
                }
                if (digit) {
                    run++;
                } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
                    run++;
                    if ((c == 'b' || c == 'B') && bearerAt(text, i)) {
                        shape.bearer = true;
                    }
                } else if (c == '_' || c == '-') {
                    underscore |= c == '_';
                    run++;
                } else {
                    shape.longestRun = Math.max(shape.longestRun, run);
                    run = 0;
                    switch (c) {
                        case '@' -> shape.at = true;
                        case '%' -> shape.at |= text.startsWith("%40", i);
                        case '.' -> shape.dot = true;
                        case ':' -> {
                            shape.colons++;
                            shape.doubleColon |= i > 0 && text.charAt(i - 1) == ':';
                            shape.assignedSecret |= afterKeyWord(text, i);
                        }
                        case '=' -> shape.assignedSecret |= afterKeyWord(text, i);
                        default -> {
                            // \d in the patterns is ASCII only; other characters need none of them
                        }
                    }
                }
            }
            shape.longestRun = Math.max(shape.longestRun, run);
            shape.jwt = shape.dot && text.contains("eyJ");
            // Every known key shape holds one of these literals (sk_live_, rk_test_, ghp_, github_pat_, xoxb-, AKIA,
            // AIza, hc_): a '-' alone (e-mail, self-service), common in feedback, no longer runs the pattern.
            shape.knownKey = text.contains("AKIA") || text.contains("AIza") || text.contains("xox")
                    || underscore && (text.contains("_live_") || text.contains("_test_") || text.contains("gh")
                    || text.contains("github_pat_") || text.contains("hc_"));
            return shape;
        }

        private static Shape everything() {
            Shape shape = new Shape();
            shape.longestRun = Integer.MAX_VALUE;
            shape.at = shape.dot = shape.bearer = shape.jwt = shape.knownKey = true;
            shape.assignedSecret = true;
            shape.phoneRunDigits = shape.cardRunDigits = shape.ipv4RunDots = Integer.MAX_VALUE;
            shape.colons = Integer.MAX_VALUE;
            shape.doubleColon = true;
            return shape;
        }

        private static boolean isDigit(char c) {
            return c >= '0' && c <= '9';
        }

        /**
         * Whether the ':' or '=' at {@code i} follows, after ASCII white space ({@code \s}), three letters that end one
         * of ASSIGNED_SECRET's key words, in any case ({@code (?i)} folds ASCII only). A placeholder ends in ']', so a
         * replacement before the pattern runs never puts a key word before a ':' or '='.
         */
        private static boolean afterKeyWord(String text, int i) {
            int j = i - 1;
            while (j >= 0 && isRegexSpace(text.charAt(j))) {
                j--;
            }
            if (j < 2) {
                return false;
            }
            char a = (char) (text.charAt(j - 2) | 0x20);
            char b = (char) (text.charAt(j - 1) | 0x20);
            char c = (char) (text.charAt(j) | 0x20);
            return (a == 'o' && b == 'r' && c == 'd') || (a == 's' && b == 'w' && c == 'd') || (a == 'p' && b == 'w' && c == 'd')
                    || (a == 'r' && b == 'e' && c == 't') || (a == 'k' && b == 'e' && c == 'n') || (a == 'k' && b == 'e' && c == 'y');
        }

        /** {@code \s} of java.util.regex without UNICODE_CHARACTER_CLASS: [ \t\n\x0B\f\r]. */
        private static boolean isRegexSpace(char c) {
            return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
        }

        /**
         * "bearer" at {@code i}, in any case: what {@code regionMatches(true, ...)} answers (no other character
         * case-folds to these ASCII letters), letter by letter; regionMatches on every 'b' (because, been,
         * better, ...) was 2-4 % of the CPU per item in the JFR profiles.
         */
        private static boolean bearerAt(String text, int i) {
            if (i + 6 > text.length()) {
                return false;
            }
            for (int k = 1; k < 6; k++) {
                if ((text.charAt(i + k) | 0x20) != "bearer".charAt(k)) {
                    return false;
                }
            }
            return true;
        }
    }

    /** The Luhn checksum of the digits in {@code candidate} (separators ignored). */
    static boolean luhnValid(String candidate) {
        int sum = 0;
        boolean doubleIt = false;
        int count = 0;
        for (int i = candidate.length() - 1; i >= 0; i--) {
            char c = candidate.charAt(i);
            if (!Character.isDigit(c)) {
                continue;
            }
            int d = c - '0';
            if (doubleIt) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            doubleIt = !doubleIt;
            count++;
        }
        return count >= 13 && sum % 10 == 0;
    }

    /** 8 to 15 digits and not a calendar date (2025-03-01, 01/03/2025), which has the same shape. */
    private static boolean looksLikePhone(String candidate) {
        int n = digits(candidate);
        return n >= 8 && n <= 15 && !DATE.matcher(candidate.strip()).matches();
    }

    private static final Pattern DATE = Pattern.compile("\\d{4}[-/.]\\d{1,2}[-/.]\\d{1,2}|\\d{1,2}[-/.]\\d{1,2}[-/.]\\d{4}");

    private static int digits(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            if (Character.isDigit(s.charAt(i))) {
                n++;
            }
        }
        return n;
    }
}
