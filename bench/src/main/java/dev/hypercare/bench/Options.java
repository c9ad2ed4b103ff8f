package dev.hypercare.bench;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code --name value} command-line options of one bench command, with the defaults it declares.
 * An option the command does not declare is an error: a typo in {@code bench/run} must fail the run,
 * not silently measure something else.
 */
public record Options(String command, Map<String, String> values) {

    public static Options parse(String command, String[] args, int from, Map<String, String> defaults) {
        Map<String, String> values = new HashMap<>(defaults);
        Set<String> known = defaults.keySet();
        for (int i = from; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException(command + ": expected --name value, got '" + arg + "'");
            }
            String name = arg.substring(2);
            if (!known.contains(name)) {
                throw new IllegalArgumentException(command + ": unknown option --" + name + " (known: " + known + ")");
            }
            values.put(name, args[++i]);
        }
        return new Options(command, values);
    }

    public String get(String name) {
        String value = values.get(name);
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(command + ": --" + name + " is required");
        }
        return value;
    }

    public String getOrEmpty(String name) {
        return values.getOrDefault(name, "");
    }

    public int getInt(String name) {
        return Integer.parseInt(get(name));
    }

    public long getLong(String name) {
        return Long.parseLong(get(name));
    }

    public double getDouble(String name) {
        return Double.parseDouble(get(name));
    }

    /** Seconds as a plain number ({@code 30}), the unit every bench option uses. */
    public Duration getSeconds(String name) {
        return Duration.ofMillis(Math.round(getDouble(name) * 1000));
    }
}
