package dev.hypercare.local;

import java.util.HashMap;
import java.util.Map;

/** {@code --name value} command-line options over defaults; an unknown option is an error. */
final class Args {

    private Args() {
    }

    static Map<String, String> parse(String[] args, Map<String, String> defaults) {
        Map<String, String> options = new HashMap<>(defaults);
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("Expected --name value, got: " + arg);
            }
            String name = arg.substring(2);
            if (!defaults.containsKey(name)) {
                throw new IllegalArgumentException("Unknown option --" + name + "; known: " + defaults.keySet());
            }
            options.put(name, args[++i]);
        }
        return options;
    }
}
