package dev.hypercare.triage.classifier.cli;

import java.util.Arrays;

/** {@code java -jar triage-classifier.jar train|evaluate ...}. */
public final class Main {

    private Main() {
    }

    public static void main(String[] argv) throws Exception {
        // langchain4j logs through SLF4J and this command ships no provider: no three-line warning on every run.
        if (System.getProperty("slf4j.internal.verbosity") == null) {
            System.setProperty("slf4j.internal.verbosity", "ERROR");
        }
        String command = argv.length == 0 ? "" : argv[0];
        String[] rest = argv.length == 0 ? argv : Arrays.copyOfRange(argv, 1, argv.length);
        int status = switch (command) {
            case "train" -> Train.run(rest, System.out, System.err);
            case "evaluate" -> Evaluate.run(rest, System.out, System.err);
            default -> {
                System.err.println("usage: java -jar triage-classifier.jar train|evaluate [options]\n\n" + Train.USAGE + "\n" + Evaluate.USAGE);
                yield 2;
            }
        };
        System.exit(status);
    }
}
