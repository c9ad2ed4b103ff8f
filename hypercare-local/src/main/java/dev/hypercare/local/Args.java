package dev.hypercare.local;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/** {@code --name value} command-line options over defaults; an unknown option is an error; {@code --help} lists them. */
final class Args {

    private Args() {
    }

    /** A request for the option list ({@code --help}, {@code -h}) or a misuse; its message is what to print. */
    static final class Usage extends IllegalArgumentException {

        private final boolean help;

        Usage(String message, boolean help) {
            super(message);
            this.help = help;
        }

        boolean help() {
            return help;
        }
    }

    /** {@link #parse}, or, for {@code --help} or a misuse, the message and option list printed and the JVM ended (0 or 2). */
    static Map<String, String> parseOrExit(String[] args, Map<String, String> defaults) {
        try {
            return parse(args, defaults);
        } catch (Usage usage) {
            (usage.help() ? System.out : System.err).println(usage.getMessage());
            System.exit(usage.help() ? 0 : 2);
            throw usage; // not reached
        }
    }

    static Map<String, String> parse(String[] args, Map<String, String> defaults) {
        Map<String, String> options = new HashMap<>(defaults);
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h")) {
                throw new Usage(optionList(defaults), true);
            }
            if (!arg.startsWith("--") || i + 1 >= args.length) {
                throw new Usage("Expected --name value, got: " + arg + "\n" + optionList(defaults), false);
            }
            String name = arg.substring(2);
            if (!defaults.containsKey(name)) {
                throw new Usage("Unknown option --" + name + "\n" + optionList(defaults), false);
            }
            options.put(name, args[++i]);
        }
        return options;
    }

    private static String optionList(Map<String, String> defaults) {
        StringBuilder list = new StringBuilder("options (default):");
        new TreeMap<>(defaults).forEach((name, value) ->
                list.append("\n  --").append(name).append(' ').append(value.isEmpty() ? "(none)" : value));
        return list.toString();
    }
}
