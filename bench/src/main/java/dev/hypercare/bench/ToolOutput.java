package dev.hypercare.bench;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Figures out of the text the external tools print: Kafka's {@code ProducerPerformance} and
 * {@code ConsumerPerformance}, and {@code wrk} with {@code bench/wrk/feedback.lua}'s {@code done()} line.
 */
final class ToolOutput {

    /** ProducerPerformance's final line: "N records sent, R records/sec (M MB/sec), A ms avg latency, X ms max latency, P50 ms 50th, P95 ms 95th, P99 ms 99th, P999 ms 99.9th." */
    private static final Pattern PRODUCER = Pattern.compile(
            "(\\d+) records sent, ([\\d.]+) records/sec \\(([\\d.]+) MB/sec\\), ([\\d.]+) ms avg latency, ([\\d.]+) ms max latency, "
                    + "(\\d+) ms 50th, (\\d+) ms 95th, (\\d+) ms 99th");

    private ToolOutput() {
    }

    record ProducerPerf(long records, double recordsPerSecond, double megabytesPerSecond, double avgMs, double p50Ms, double p99Ms, double maxMs) {
    }

    record ConsumerPerf(long records, double recordsPerSecond, double megabytesPerSecond, double fetchRecordsPerSecond) {
    }

    /** wrk's summary as printed by feedback.lua: requests, duration, errors and latency in µs. */
    record Wrk(long requests, long non2xx, long socketErrors, double seconds, double p50Ms, double p99Ms, double maxMs) {

        double acceptedPerSecond() {
            return (requests - non2xx) / seconds;
        }
    }

    static ProducerPerf producer(String output) {
        // Progress lines look alike; the summary is the last match.
        MatchResult last = null;
        Matcher matcher = PRODUCER.matcher(output);
        while (matcher.find()) {
            last = matcher.toMatchResult();
        }
        if (last == null) {
            throw new IllegalArgumentException("no ProducerPerformance summary line in the output");
        }
        return new ProducerPerf(Long.parseLong(last.group(1)), Double.parseDouble(last.group(2)), Double.parseDouble(last.group(3)),
                Double.parseDouble(last.group(4)), Double.parseDouble(last.group(6)), Double.parseDouble(last.group(8)),
                Double.parseDouble(last.group(5)));
    }

    /**
     * ConsumerPerformance prints a CSV header line and one data line; columns are found by name. A data line
     * with another number of columns than the header is refused: under a decimal-comma locale the tool prints
     * "9,2166", and the row's columns would shift under the header's names (wrong figures, not an error).
     * bench/run starts the tools in an English locale; this is the check behind it.
     */
    static ConsumerPerf consumer(String output) {
        List<String> lines = output.lines().map(String::trim).filter(l -> !l.isEmpty()).toList();
        for (int i = 0; i + 1 < lines.size(); i++) {
            if (lines.get(i).startsWith("start.time")) {
                String[] header = lines.get(i).split("\\s*,\\s*");
                String[] values = lines.get(i + 1).split("\\s*,\\s*");
                if (values.length != header.length) {
                    throw new IllegalArgumentException("ConsumerPerformance printed " + values.length + " values under "
                            + header.length + " columns (a decimal comma? run it with -Duser.language=en): " + lines.get(i + 1));
                }
                Map<String, String> row = new HashMap<>();
                for (int c = 0; c < header.length; c++) {
                    row.put(header[c], values[c]);
                }
                return new ConsumerPerf(Long.parseLong(row.get("data.consumed.in.nMsg")), Double.parseDouble(row.get("nMsg.sec")),
                        Double.parseDouble(row.get("MB.sec")), Double.parseDouble(row.get("fetch.nMsg.sec")));
            }
        }
        throw new IllegalArgumentException("no ConsumerPerformance result in the output");
    }

    /** The line "HYPERCARE-WRK requests=… non2xx=… socket_errors=… duration_us=… p50_us=… p99_us=… max_us=…". */
    static Wrk wrk(String output) {
        String line = output.lines().filter(l -> l.startsWith("HYPERCARE-WRK ")).reduce((a, b) -> b)
                .orElseThrow(() -> new IllegalArgumentException("no HYPERCARE-WRK line: was wrk run with bench/wrk/feedback.lua?"));
        Map<String, String> fields = new HashMap<>();
        for (String pair : line.substring("HYPERCARE-WRK ".length()).trim().split("\\s+")) {
            String[] kv = pair.split("=", 2);
            fields.put(kv[0], kv[1]);
        }
        return new Wrk(Long.parseLong(fields.get("requests")), Long.parseLong(fields.get("non2xx")),
                Long.parseLong(fields.get("socket_errors")), Double.parseDouble(fields.get("duration_us")) / 1e6,
                Double.parseDouble(fields.get("p50_us")) / 1000, Double.parseDouble(fields.get("p99_us")) / 1000,
                Double.parseDouble(fields.get("max_us")) / 1000);
    }
}
