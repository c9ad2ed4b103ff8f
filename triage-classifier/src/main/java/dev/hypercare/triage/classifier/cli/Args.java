package dev.hypercare.triage.classifier.cli;

import dev.hypercare.triage.classifier.LabelledData;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** "--name value" and "--flag" command-line options; repeatable options keep every value. */
final class Args {

    private final Map<String, List<String>> values = new LinkedHashMap<>();

    Args(String[] args, Set<String> flags, Set<String> options) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (flags.contains(a)) {
                values.computeIfAbsent(a, k -> new ArrayList<>()).add("true");
            } else if (options.contains(a)) {
                if (i + 1 >= args.length) {
                    throw new UsageException(a + " needs a value");
                }
                values.computeIfAbsent(a, k -> new ArrayList<>()).add(args[++i]);
            } else {
                throw new UsageException("unknown argument " + a);
            }
        }
    }

    boolean flag(String name) {
        return values.containsKey(name);
    }

    String get(String name, String fallback) {
        List<String> v = values.get(name);
        return v == null ? fallback : v.get(v.size() - 1);
    }

    String required(String name) {
        String v = get(name, null);
        if (v == null) {
            throw new UsageException(name + " is required");
        }
        return v;
    }

    /** The option as a whole number, or a usage error naming it (instead of a NumberFormatException's stack trace). */
    int integer(String name, int fallback) {
        String v = get(name, null);
        try {
            return v == null ? fallback : Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            throw new UsageException(name + " takes a whole number, got " + v);
        }
    }

    /** The option as comma-separated numbers, or a usage error naming it. */
    List<Double> numbers(String name, List<Double> fallback) {
        String v = get(name, null);
        try {
            return v == null ? fallback : Arrays.stream(v.split(",")).map(x -> Double.parseDouble(x.strip())).toList();
        } catch (NumberFormatException e) {
            throw new UsageException(name + " takes numbers separated by commas, got " + v);
        }
    }

    /**
     * What went wrong with a file or its content, in one line for the person at the terminal: the JDK's file
     * exceptions carry only the path as their message.
     */
    static String describe(Exception e) {
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getFile() + ": " + f.getReason();
        }
        if (e instanceof NoSuchFileException) {
            return "no such file: " + e.getMessage();
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied: " + e.getMessage();
        }
        return e.getMessage() != null ? e.getMessage() : e.toString();
    }

    List<String> all(String name) {
        return values.getOrDefault(name, List.of());
    }

    List<Path> dataFiles() {
        List<Path> files = all("--data").stream().map(Path::of).toList();
        if (files.isEmpty()) {
            throw new UsageException("--data FILE.jsonl is required (repeatable)");
        }
        return files;
    }

    LabelledData.Selection selection() {
        return new LabelledData.Selection(pairs("--where"), pairs("--where-not"));
    }

    private Map<String, String> pairs(String name) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String p : all(name)) {
            int eq = p.indexOf('=');
            if (eq <= 0) {
                throw new UsageException(name + " takes FIELD=VALUE, got " + p);
            }
            out.put(p.substring(0, eq), p.substring(eq + 1));
        }
        return out;
    }

    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }
}
