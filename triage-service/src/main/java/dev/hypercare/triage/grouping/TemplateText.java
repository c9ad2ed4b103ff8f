package dev.hypercare.triage.grouping;

/**
 * What a reporter wrote, without the scaffolding an issue template put around it: HTML comments (a template's
 * instructions, invisible once rendered), collapsed {@code <details>} sections (the environment, extension lists and
 * process tables that issue reporters attach), markdown heading lines ({@code ### Steps to reproduce}), lines that are
 * only a bold heading ({@code **Describe the bug**}), table rows ({@code |CPUs|...|}), task-list lines
 * ({@code - [x] I have searched the existing issues}) and issue forms' {@code _No response_}.
 *
 * <p>Why: every report written in one template shares these words, hundreds of character n-grams, which outweigh what
 * the reporters wrote. Measured on 48 mostly unrelated GitHub issues of one project (docs/triage-quality.md,
 * "Grouping issue reports written in templates"), the template alone joined 16 of them into one group, which would
 * have escalated. The answers stay: the lines under the headings, code and stack traces. Text without any of these
 * (app reviews, chat messages) is returned as it is.
 */
final class TemplateText {

    private TemplateText() {
    }

    static String strip(String text) {
        if (text == null || !mayHoldTemplate(text)) {
            return text;
        }
        String uncommented = without(without(text, "<!--", "-->"), "<details", "</details>");
        StringBuilder out = new StringBuilder(uncommented.length());
        int start = 0;
        while (start <= uncommented.length()) {
            int end = uncommented.indexOf('\n', start);
            if (end < 0) {
                end = uncommented.length();
            }
            String line = uncommented.substring(start, end);
            String bare = line.strip();
            if (!bare.isEmpty() && !isScaffolding(bare)) {
                out.append(line).append('\n');
            }
            start = end + 1;
        }
        return out.toString();
    }

    /** A cheap test that nothing would be stripped: one pass over the text, no allocation. */
    private static boolean mayHoldTemplate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '<' || c == '#' || c == '*' || c == '_' || c == '[' || c == '|') {
                return true;
            }
        }
        return false;
    }

    /** Without the sections from {@code open} to {@code close} (an unclosed one runs to the end, as a browser renders it). */
    private static String without(String text, String open, String close) {
        int at = text.indexOf(open);
        if (at < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int from = 0;
        while (at >= 0) {
            out.append(text, from, at);
            int end = text.indexOf(close, at + open.length());
            if (end < 0) {
                return out.toString();
            }
            from = end + close.length();
            at = text.indexOf(open, from);
        }
        return out.append(text, from, text.length()).toString();
    }

    private static boolean isScaffolding(String line) {
        return isHeading(line) || isBoldHeading(line) || isTask(line) || line.equals("_No response_")
                || (line.length() > 1 && line.charAt(0) == '|' && line.charAt(line.length() - 1) == '|');
    }

    /** {@code #} to {@code ######} and a space, as CommonMark reads a heading ({@code #123} is an issue reference). */
    private static boolean isHeading(String line) {
        int hashes = 0;
        while (hashes < line.length() && line.charAt(hashes) == '#') {
            hashes++;
        }
        return hashes >= 1 && hashes <= 6 && (hashes == line.length() || line.charAt(hashes) == ' ');
    }

    /** A line that is only {@code **...**} (a trailing colon allowed): the default GitHub templates' headings. */
    private static boolean isBoldHeading(String line) {
        String bare = line.endsWith(":") ? line.substring(0, line.length() - 1).strip() : line;
        return bare.length() > 4 && bare.startsWith("**") && bare.endsWith("**") && bare.indexOf("**", 2) == bare.length() - 2;
    }

    /** {@code - [ ] ...}, {@code - [x] ...}, {@code * [X] ...}: a checklist the template asks to tick. */
    private static boolean isTask(String line) {
        return line.length() >= 5 && (line.charAt(0) == '-' || line.charAt(0) == '*') && line.charAt(1) == ' '
                && line.charAt(2) == '[' && " xX".indexOf(line.charAt(3)) >= 0 && line.charAt(4) == ']';
    }
}
