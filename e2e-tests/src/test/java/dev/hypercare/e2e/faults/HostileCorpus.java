package dev.hypercare.e2e.faults;

import dev.hypercare.kafka.Json;
import dev.hypercare.model.FeedbackChannel;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * A generated corpus of malformed and hostile requests against the ingest-service's real HTTP
 * endpoints, reproducible from its seed. Each request says what the service owes it: a refusal
 * (4xx, never 5xx), or, for odd but valid input, acceptance (202) so that triage has to cope.
 */
final class HostileCorpus {

    enum Expect {
        /** Malformed or out of contract: a 4xx (problem+json when there is a body), never a 5xx. */
        REFUSED,
        /** Hostile content within the contract (markup, escapes, unknown fields): 202 and triaged. */
        ACCEPTED
    }

    /**
     * @param kind        the generator that made it, for the report
     * @param method      HTTP method
     * @param path        path and query, as sent
     * @param contentType Content-Type header, or null for none
     * @param body        bytes sent, or null for no body
     * @param headers     extra headers
     * @param expect      what the service owes it
     */
    record Request(String kind, String method, String path, String contentType, byte[] body,
                   Map<String, String> headers, Expect expect) {

        /**
         * Requests the HTTP layer refuses before reading them (413, 414, 431) and then closes the
         * connection on: sent on a connection of their own, so the close cannot hit the next request.
         */
        boolean closesConnection() {
            return kind.equals("huge-body") || kind.equals("huge-header") || path.length() > 4_000;
        }

        String describe() {
            String shown = body == null ? "" : new String(body, 0, Math.min(body.length, 160), StandardCharsets.UTF_8);
            return kind + " " + method + " " + (path.length() > 120 ? path.substring(0, 120) + "..." : path)
                    + " [" + contentType + "] " + (body == null ? 0 : body.length) + " bytes: " + shown;
        }
    }

    static final String FEEDBACK = "/api/v1/feedback";
    private static final String JSON = "application/json";
    private static final List<String> REQUIRED = List.of("sourceApp", "release", "text");
    private static final List<String> STRING_FIELDS = List.of(
            "sourceApp", "release", "text", "title", "component", "reporter", "clientId");
    private static final Map<String, Integer> LIMITS = Map.of(
            "sourceApp", 200, "release", 200, "text", 20_000, "title", 500, "component", 200,
            "reporter", 200, "clientId", 200);

    private final Random random;
    private final String release;

    HostileCorpus(long seed, String release) {
        this.random = new Random(seed);
        this.release = release;
    }

    /** {@code count} requests, drawn from every generator in turn then shuffled; a few huge ones only. */
    List<Request> generate(int count) {
        List<Supplier<Request>> generators = List.of(
                this::truncatedJson, this::garbageBytes, this::notAnObject, this::syntaxError, this::deepNesting,
                this::wrongType, this::missingRequired, this::blankRequired,
                this::invalidUtf8, this::rawControlCharacter, this::tooLongField,
                this::unsupportedContentType, this::wrongMethod, this::oddPath,
                this::lifecycleBadId, this::lifecycleBadType, this::lifecycleBadRating, this::lifecycleBadFields, this::statusBadId,
                this::hugeHeader, this::oddButValid, this::closedGap);
        List<Request> corpus = new ArrayList<>();
        // Bodies over the 1 MB limit are costly to send on a shared machine: a fixed handful.
        for (int i = 0; i < 8; i++) {
            corpus.add(hugeBody());
        }
        while (corpus.size() < count) {
            corpus.add(generators.get(corpus.size() % generators.size()).get());
        }
        java.util.Collections.shuffle(corpus, random);
        return corpus;
    }

    // ---------------------------------------------------------------- syntax

    private Request truncatedJson() {
        byte[] valid = bytes(validFeedback());
        int cut = 1 + random.nextInt(valid.length - 1);
        return post("truncated-json", java.util.Arrays.copyOf(valid, cut));
    }

    private Request garbageBytes() {
        byte[] garbage = new byte[1 + random.nextInt(300)];
        random.nextBytes(garbage);
        // Never a well-formed object with the three required fields: at worst a JSON scalar or array.
        return post("garbage-bytes", garbage);
    }

    private Request notAnObject() {
        List<String> shapes = List.of("", " ", "null", "[]", "[{}]", "42", "-1e999", "\"text\"", "true", "{}",
                "[" + new String(bytes(validFeedback()), StandardCharsets.UTF_8) + "]");
        return post("not-an-object", shapes.get(random.nextInt(shapes.size())).getBytes(StandardCharsets.UTF_8));
    }

    private Request syntaxError() {
        String valid = new String(bytes(validFeedback()), StandardCharsets.UTF_8);
        // Literal replacements (String.replace): a regex replacement would eat the backslashes.
        List<String> broken = List.of(
                valid.substring(0, valid.length() - 1) + ",}",           // trailing comma
                valid.replace('"', '\''),                               // single quotes
                valid.replace("\"release\":", "\"release\"::"),
                valid.replace(",\"release\"", ",,\"release\""),
                "/* comment */" + valid,
                valid.replace("{\"sourceApp\"", "{\"affectedUsers\":NaN,\"sourceApp\""),
                valid.replace("{\"sourceApp\"", "{unquoted:1,\"sourceApp\""),
                valid.replace("\"text\":\"", "\"text\":\"\\x41"),       // invalid escape
                valid.replace("\"text\":\"", "\"text\":\"\\u12zz"),     // short unicode escape
                "{\"sourceApp\":\"a\",\"release\":\"r\",\"text\":\"never closed");
        return post("syntax-error", broken.get(random.nextInt(broken.size())).getBytes(StandardCharsets.UTF_8));
    }

    private Request deepNesting() {
        int depth = 1_001 + random.nextInt(20_000);
        boolean arrays = random.nextBoolean();
        StringBuilder json = new StringBuilder();
        if (arrays) {
            json.append("{\"sourceApp\":\"a\",\"release\":\"").append(release).append("\",\"text\":\"t\",\"x\":");
            json.append("[".repeat(depth)).append("]".repeat(depth)).append('}');
        } else {
            json.append("{\"a\":".repeat(depth)).append('1').append("}".repeat(depth));
        }
        return post("deep-nesting", json.toString().getBytes(StandardCharsets.UTF_8));
    }

    private Request hugeBody() {
        int size = 1_100_000 + random.nextInt(1_000_000);
        Map<String, Object> body = validFeedback();
        body.put("text", "x".repeat(size));
        return post("huge-body", bytes(body));
    }

    // ---------------------------------------------------------------- fields

    private Request wrongType() {
        Map<String, Object> body = validFeedback();
        String field = pick(List.of("sourceApp", "release", "text", "title", "component", "reporter", "clientId",
                "channel", "affectedUsers", "clientTimestamp"));
        Object wrong = switch (field) {
            case "affectedUsers" -> pick(List.of("12", "twelve", 1.5, -1, true, List.of(1), Map.of("n", 1),
                    new java.math.BigInteger("99999999999999999999999"), 3_000_000_000L));
            // Not "": Jackson reads an empty string as an absent enum or timestamp, which is valid.
            // Not a number either: an enum's ordinal has its own generator, closedGap().
            case "channel" -> pick(List.of("PIGEON", "api", true, List.of("API"), Map.of()));
            case "clientTimestamp" -> pick(List.of("yesterday", "2025-13-45T99:99:99Z", true, List.of(), Map.of(),
                    "2025-01-01 10:00"));
            default -> pick(List.of(42, -7, 3.14, true, false, List.of("a", "b"), Map.of("nested", "x"), List.of()));
        };
        body.put(field, wrong);
        return post("wrong-type:" + field, bytes(body));
    }

    private Request missingRequired() {
        Map<String, Object> body = validFeedback();
        List<String> drop = new ArrayList<>(REQUIRED);
        java.util.Collections.shuffle(drop, random);
        int n = 1 + random.nextInt(drop.size());
        drop.subList(0, n).forEach(body::remove);
        if (random.nextBoolean()) {
            // Explicit null is the same as absent for a required field.
            drop.subList(0, n).forEach(f -> body.put(f, null));
        }
        return post("missing-required", bytes(body));
    }

    private Request blankRequired() {
        Map<String, Object> body = validFeedback();
        body.put(pick(REQUIRED), pick(List.of("", " ", "\t\n ", "   ")));
        return post("blank-required", bytes(body));
    }

    private Request tooLongField() {
        Map<String, Object> body = validFeedback();
        String field = pick(STRING_FIELDS);
        int limit = LIMITS.get(field);
        body.put(field, randomText(limit + 1 + random.nextInt(Math.max(limit, 1000))));
        return post("too-long:" + field, bytes(body));
    }

    // ---------------------------------------------------------------- bytes and encodings

    /** Refused today (400): broken sequences, stray continuation bytes, 0xFE/0xFF, 5-byte forms, surrogates. */
    private static final byte[][] INVALID_UTF8 = {
            {(byte) 0xC3, 0x28}, {(byte) 0xA0, (byte) 0xA1}, {(byte) 0xE2, 0x28, (byte) 0xA1},
            {(byte) 0xF0, 0x28, (byte) 0x8C, (byte) 0xBC}, {(byte) 0xFF}, {(byte) 0xFE},
            {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80},
            {(byte) 0xE0, (byte) 0x80}};
    /** Accepted today: the overlong form of '/' is stored as '/', a code point above U+10FFFF as lone surrogates. */
    private static final byte[][] LENIENT_UTF8 = {{(byte) 0xC0, (byte) 0xAF}, {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}};

    private Request invalidUtf8() {
        byte[] bad = INVALID_UTF8[random.nextInt(INVALID_UTF8.length)];
        // Inside a string value (required or optional) or a field name.
        String field = pick(List.of("text", "sourceApp", "release", "title", "reporter", "@name"));
        return post("invalid-utf8:" + field, withRawBytes(field, bad));
    }

    private Request rawControlCharacter() {
        // Unescaped control characters are not allowed inside JSON strings (RFC 8259, 7).
        byte control = (byte) random.nextInt(0x20);
        return post("raw-control-char", withRawBytes(pick(List.of("text", "sourceApp", "title")), new byte[] {control}));
    }

    /** A valid body whose {@code field} value (or, for "@name", an extra field's name) carries {@code raw} bytes. */
    private byte[] withRawBytes(String field, byte[] raw) {
        Map<String, Object> body = validFeedback();
        String marker = "@@RAW@@";
        if (field.equals("@name")) {
            body.put("x" + marker, "v");
        } else {
            body.put(field, "before " + marker + " after");
        }
        String json = new String(bytes(body), StandardCharsets.UTF_8);
        int at = json.indexOf(marker);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(json.substring(0, at).getBytes(StandardCharsets.UTF_8));
        out.writeBytes(raw);
        out.writeBytes(json.substring(at + marker.length()).getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    // ---------------------------------------------------------------- HTTP

    private Request unsupportedContentType() {
        String type = pick(List.of("text/plain", "application/xml", "text/html", "application/octet-stream",
                "application/x-www-form-urlencoded", "multipart/form-data; boundary=xyz", "application/jsonx",
                "image/png", "text/json-ish", "application/yaml"));
        return new Request("content-type:" + type, "POST", FEEDBACK, type, bytes(validFeedback()), Map.of(), Expect.REFUSED);
    }

    private Request wrongMethod() {
        String method = pick(List.of("PUT", "DELETE", "PATCH"));
        String path = random.nextBoolean() ? FEEDBACK : FEEDBACK + "/" + UUID.randomUUID() + "/events";
        return new Request("wrong-method:" + method, method, path, JSON, bytes(validFeedback()), Map.of(), Expect.REFUSED);
    }

    private Request oddPath() {
        List<String> paths = List.of("/api/v1/feedbacks", "/api/v2/feedback", "/API/V1/FEEDBACK", "/api/v1",
                "/api/v1/feedback/x/y/z", "/api/v1/feedback/%2e%2e/%2e%2e/etc/passwd", "/api/v1/feedback/%00",
                "/%ff%fe", "/api/v1/feedback/" + UUID.randomUUID() + "/events/extra", "/api/v1/f%C3%A9edback",
                "/" + "a".repeat(5_000 + random.nextInt(20_000)), "/api/v1/feedback/../../../nothing",
                "/q/nothing-here", "/api/v1/feedback/" + UUID.randomUUID() + "/events/" + UUID.randomUUID());
        return new Request("odd-path", "POST", pick(paths), JSON, bytes(validFeedback()), Map.of(), Expect.REFUSED);
    }

    private Request hugeHeader() {
        // Over the HTTP layer's header limit (20 KB by default in Quarkus): 431 with no body.
        return new Request("huge-header", "POST", FEEDBACK, JSON, bytes(validFeedback()),
                Map.of("X-Hostile", "h".repeat(40_000 + random.nextInt(40_000))), Expect.REFUSED);
    }

    // ---------------------------------------------------------------- lifecycle events

    private Request lifecycleBadId() {
        String id = pick(List.of("not-a-uuid", "123", UUID.randomUUID() + "0", "%7B" + UUID.randomUUID() + "%7D",
                "%27%20OR%201%3D1%20--", "%00", "z".repeat(300), UUID.randomUUID().toString().replace("-", ""),
                "%F0%9F%92%A9", "%C3%28"));
        return new Request("lifecycle-bad-id", "POST", FEEDBACK + "/" + id + "/events", JSON,
                bytes(Map.of("type", "ACKNOWLEDGED", "actor", "ops")), Map.of(), Expect.REFUSED);
    }

    /** The item status behind a 202's Location ({@code GET /api/v1/feedback/{id}}): odd ids, and ids nobody sent. */
    private Request statusBadId() {
        String id = pick(List.of("not-a-uuid", "123", UUID.randomUUID() + "0", "%7B" + UUID.randomUUID() + "%7D",
                "%27%20OR%201%3D1%20--", "%00", "z".repeat(300), "%F0%9F%92%A9", "%C3%28", "..%2F..%2Fetc%2Fpasswd",
                UUID.randomUUID().toString(), UUID.randomUUID().toString().toUpperCase(java.util.Locale.ROOT)));
        return new Request("status-bad-id", "GET", FEEDBACK + "/" + id, null, null, Map.of(), Expect.REFUSED);
    }

    private Request lifecycleBadType() {
        Map<String, Object> body = new LinkedHashMap<>(Map.of("actor", "ops"));
        Object type = pick(List.of("CLOSED", "", "ACK", true, List.of("RESOLVED"), Map.of()));
        body.put("type", type);
        return lifecycle("lifecycle-bad-type", body);
    }

    private Request lifecycleBadRating() {
        Map<String, Object> body = new LinkedHashMap<>(Map.of("actor", "reporter"));
        switch (random.nextInt(3)) {
            case 0 -> {
                body.put("type", "RATED");
                body.put("rating", pick(List.of(0, 6, -1, 100, 2.5, "5", true, List.of(5))));
            }
            case 1 -> body.put("type", "RATED"); // a rating is required for RATED
            default -> {
                body.put("type", pick(List.of("ACKNOWLEDGED", "RESPONDED", "RESOLVED", "REOPENED")));
                body.put("rating", 1 + random.nextInt(5)); // and refused for every other type
            }
        }
        return lifecycle("lifecycle-bad-rating", body);
    }

    private Request lifecycleBadFields() {
        Map<String, Object> body = new LinkedHashMap<>(Map.of("type", "RESPONDED", "actor", "ops"));
        switch (random.nextInt(5)) {
            case 0 -> body.remove("actor");
            case 1 -> body.put("actor", pick(List.of("", "  ", 42, List.of("a"))));
            case 2 -> body.put("actor", "a".repeat(201 + random.nextInt(1000)));
            case 3 -> body.put("note", "n".repeat(5_001 + random.nextInt(5_000)));
            default -> body.put("occurredAt", pick(List.of("yesterday", "2025-02-30T10:00:00Z", true, List.of(),
                    "+999999999-12-31T23:59:59Z", "0001-01-01T00:00:00Z")));
        }
        return lifecycle("lifecycle-bad-field", body);
    }

    private Request lifecycle(String kind, Map<String, Object> body) {
        return new Request(kind, "POST", FEEDBACK + "/" + UUID.randomUUID() + "/events", JSON, bytes(body), Map.of(),
                Expect.REFUSED);
    }

    // ---------------------------------------------------------------- valid but hostile

    /**
     * Input a hostile client may send that is within the contract: it must be accepted and then
     * triaged, not break the triage-service downstream.
     */
    private Request oddButValid() {
        Map<String, Object> body = validFeedback();
        switch (random.nextInt(12)) {
            // Against the generated-key pattern: a word boundary at every character (5 s of CPU per request before).
            case 11 -> body.put("text", "1-".repeat(10_000));
            // Against the scrubber's e-mail pattern: its repeated label group overflowed the stack (a 500), and a long
            // local part without a domain took over a second per request.
            case 9 -> body.put("text", "a@b" + ".c".repeat(9_998));
            case 10 -> body.put("text", "a".repeat(19_999) + "@");
            case 0 -> body.put("text", "<script>alert('x')</script> checkout is down");
            case 1 -> body.put("text", "'; DROP TABLE feedback; -- the app crashes");
            case 2 -> {
                body.put("text", "escaped controls \u0000\u0001\u001b[31m\u007f and a lone surrogate \ud800 end");
                // A name cut inside an emoji: kept, repaired to U+FFFD (it is a JSON field name in metrics' stores).
                body.put("component", "pay \ud83d");
                body.put("title", "\udca5 cut");
            }
            case 3 -> body.put("text", "RTL \u202e override, zero width \u200b\u200d, emoji \ud83d\udca5 and 𝔘𝔫𝔦𝔠𝔬𝔡𝔢");
            case 4 -> body.put("text", "x".repeat(20_000));
            // Long, but under Jackson's 50000-character name limit (a longer name is refused with 400).
            case 5 -> body.put("unknown-" + "k".repeat(10_000), "unknown fields are ignored");
            case 6 -> body.put("extra", List.of(Map.of("deep", List.of(Map.of("deeper", List.of(1, 2, 3))))));
            case 7 -> body.put("affectedUsers", Integer.MAX_VALUE);
            default -> body.put("clientTimestamp", "+999999999-12-31T23:59:59Z");
        }
        return new Request("odd-but-valid", "POST", FEEDBACK, JSON, bytes(body), Map.of(), Expect.ACCEPTED);
    }

    // ---------------------------------------------------------------- closed gaps

    /**
     * Malformed input the ingest-service once accepted (docs/reliability.md): trailing content after
     * the JSON object, an enum given as its ordinal, and UTF-8 that Jackson's parser decodes leniently.
     * All three are refused since 2026-11-27; kept as their own generator so a regression shows by name.
     */
    private Request closedGap() {
        String valid = new String(bytes(validFeedback()), StandardCharsets.UTF_8);
        return switch (random.nextInt(5)) {
            case 0 -> new Request("closed-gap:trailing-content", "POST", FEEDBACK, JSON,
                    (valid + pick(List.of("}", valid, "]", " x"))).getBytes(StandardCharsets.UTF_8), Map.of(), Expect.REFUSED);
            case 1 -> {
                Map<String, Object> body = validFeedback();
                body.put("channel", random.nextInt(FeedbackChannel.values().length));
                yield new Request("closed-gap:enum-ordinal", "POST", FEEDBACK, JSON, bytes(body), Map.of(), Expect.REFUSED);
            }
            case 2 -> new Request("closed-gap:enum-ordinal", "POST", FEEDBACK + "/" + UUID.randomUUID() + "/events", JSON,
                    bytes(Map.of("type", random.nextInt(4), "actor", "ops")), Map.of(), Expect.REFUSED);
            default -> new Request("closed-gap:lenient-utf8", "POST", FEEDBACK, JSON,
                    withRawBytes(pick(List.of("text", "reporter", "title")), LENIENT_UTF8[random.nextInt(LENIENT_UTF8.length)]),
                    Map.of(), Expect.REFUSED);
        };
    }

    // ---------------------------------------------------------------- helpers

    private Request post(String kind, byte[] body) {
        return new Request(kind, "POST", FEEDBACK, JSON, body, Map.of(), Expect.REFUSED);
    }

    private Map<String, Object> validFeedback() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("sourceApp", "hostile-suite");
        body.put("release", release);
        body.put("channel", "API");
        body.put("text", "The export button crashes the app, error 500 on every click.");
        body.put("affectedUsers", random.nextInt(200));
        body.put("clientId", "hostile-" + random.nextInt(1_000_000));
        return body;
    }

    private String randomText(int length) {
        StringBuilder text = new StringBuilder(length);
        while (text.length() < length) {
            text.append((char) ('a' + random.nextInt(26)));
        }
        return text.toString();
    }

    private <T> T pick(List<T> options) {
        return options.get(random.nextInt(options.size()));
    }

    private static byte[] bytes(Object body) {
        try {
            return Json.mapper().writeValueAsBytes(body);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
