package dev.hypercare.ingest.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import dev.hypercare.kafka.Topics;
import dev.hypercare.local.LocalTokenEndpoint;
import dev.hypercare.testing.KafkaBrokerResource;
import dev.hypercare.testing.TopicReader;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * OIDC bearer tokens through real HTTP, against the real broker, with a real token issuer (hypercare-local's
 * {@link LocalTokenEndpoint} on a free port, {@link LocalIssuer}): tokens are fetched with a client-credentials
 * grant and verified by quarkus-oidc against the issuer's JWKS. Authentication is on with one API key beside.
 * Tokens have the rate of 5 requests/s per client (burst: 10).
 */
@QuarkusTest
@TestProfile(OidcBearerTokenTest.OidcOn.class)
@WithTestResource(KafkaBrokerResource.class)
@WithTestResource(LocalIssuer.class)
class OidcBearerTokenTest {

    static final String SHOP_KEY = "hc_oidcshop_Z8xC7vB6nM5aS4dF";
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    public static class OidcOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "hypercare.ingest.auth.enabled", "true",
                    "hypercare.ingest.auth.keys.shop.sha256", ApiKeyRegistry.sha256Hex(SHOP_KEY),
                    "hypercare.ingest.auth.keys.shop.app", "shop-web",
                    "hypercare.ingest.auth.keys.shop.scopes", "submit",
                    "hypercare.ingest.oidc.rate", "5");
        }
    }

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private static String body(String app) {
        return "{\"sourceApp\":\"" + app + "\",\"release\":\"2.4.0\",\"text\":\"Payment page hangs\"}";
    }

    private static ExtractableResponse<Response> submit(String bearer, String app) {
        return given().contentType(ContentType.JSON).header("Authorization", "Bearer " + bearer).body(body(app))
                .when().post("/api/v1/feedback").then().extract();
    }

    /** Claims as an identity provider writes them, for tokens signed directly (expired, other issuer). */
    private static String claims(String issuer, String audience, Instant expires, String client, String scope) {
        long exp = expires.getEpochSecond();
        return "{\"iss\":\"" + issuer + "\",\"aud\":\"" + audience + "\",\"sub\":\"" + client + "\",\"client_id\":\"" + client
                + "\",\"iat\":" + (exp - 3600) + ",\"exp\":" + exp + ",\"scope\":\"" + scope + "\"}";
    }

    private static void assertUnauthorized(ExtractableResponse<Response> response) {
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.header("WWW-Authenticate")).contains("Bearer");
        assertThat(response.<String>path("type")).isEqualTo("urn:hypercare:problem:unauthorized");
    }

    @Test
    void shouldAcceptAValidTokenAndPublishTheFeedbackUnderTheTokensApp() {
        // given: the client shop-web's token, asked for with the submit scope and the service's audience
        String token = LocalIssuer.token("shop-web", "openid hypercare:submit", LocalIssuer.AUDIENCE);

        // when
        var response = submit(token, "shop-web");

        // then: accepted, and on the raw topic under the app the token names (client_id, no hypercare_app claim)
        assertThat(response.statusCode()).isEqualTo(202);
        String id = response.path("feedbackId");
        var record = TopicReader.awaitKey(bootstrapServers, Topics.FEEDBACK_RAW, id, Duration.ofSeconds(15));
        assertThat(record.value().sourceApp()).isEqualTo("shop-web");
    }

    @Test
    void shouldFileMinimalShapeFeedbackUnderTheAppOfTheToken() {
        // given: the simplest client, with a token instead of a key
        String token = LocalIssuer.token("mobile-app", "hypercare:submit", LocalIssuer.AUDIENCE);

        // when
        String id = given().contentType(ContentType.JSON).header("Authorization", "Bearer " + token)
                .body("{\"user_id\":\"12345\",\"comments\":\"The new feature is great, but I encountered a bug.\"}")
                .when().post("/feedback")
                .then().statusCode(200).extract().path("feedbackId");

        // then
        var record = TopicReader.awaitKey(bootstrapServers, Topics.FEEDBACK_RAW, id, Duration.ofSeconds(15));
        assertThat(record.value().sourceApp()).isEqualTo("mobile-app");
    }

    @Test
    void shouldAnswer401ToAnExpiredToken() throws Exception {
        // given: a genuine signature by the issuer, expired ten minutes ago
        LocalTokenEndpoint issuer = LocalIssuer.endpoint();
        String expired = issuer.sign(claims(issuer.issuer(), LocalIssuer.AUDIENCE, Instant.now().minusSeconds(600),
                "shop-web", "hypercare:submit"));

        // when / then
        assertUnauthorized(submit(expired, "shop-web"));
    }

    @Test
    void shouldAnswer401ToATokenSignedWithAnotherKey() throws Exception {
        // given: every claim right, but signed by another issuer's key (with the same key id)
        LocalTokenEndpoint issuer = LocalIssuer.endpoint();
        String forged;
        try (LocalTokenEndpoint impostor = LocalTokenEndpoint.start("127.0.0.1", 0)) {
            forged = impostor.sign(claims(issuer.issuer(), LocalIssuer.AUDIENCE, Instant.now().plusSeconds(600),
                    "shop-web", "hypercare:submit"));
        }

        // when / then
        assertUnauthorized(submit(forged, "shop-web"));
    }

    @Test
    void shouldAnswer401ToATokenOfAnotherIssuer() throws Exception {
        // given: a genuine signature, but the token says another issuer made it
        String token = LocalIssuer.endpoint().sign(claims("https://idp.example.com/realms/other", LocalIssuer.AUDIENCE,
                Instant.now().plusSeconds(600), "shop-web", "hypercare:submit"));

        // when / then
        assertUnauthorized(submit(token, "shop-web"));
    }

    @Test
    void shouldAnswer401ToATokenForAnotherAudienceOrNone() {
        // given: tokens of the right issuer, issued for another API and for no API in particular
        String otherApi = LocalIssuer.token("shop-web", "hypercare:submit", "billing-api");
        String noAudience = LocalIssuer.token("shop-web", "hypercare:submit", null);

        // when / then
        assertUnauthorized(submit(otherApi, "shop-web"));
        assertUnauthorized(submit(noAudience, "shop-web"));
    }

    @Test
    void shouldAnswer403ToATokenWithoutTheSubmitScope() {
        // given: a valid token whose scopes do not include hypercare:submit
        String token = LocalIssuer.token("shop-web", "openid hypercare:lifecycle", LocalIssuer.AUDIENCE);

        // when
        var response = submit(token, "shop-web");

        // then
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.<String>path("type")).isEqualTo("urn:hypercare:problem:forbidden");
        assertThat(response.<String>path("detail")).contains("hypercare:submit");
    }

    @Test
    void shouldAnswer403ToASubmitTokenThatNamesNoApp() throws Exception {
        // given: a valid token with the submit scope but none of the app claims (hypercare_app, azp, client_id)
        LocalTokenEndpoint issuer = LocalIssuer.endpoint();
        long exp = Instant.now().plusSeconds(600).getEpochSecond();
        String token = issuer.sign("{\"iss\":\"" + issuer.issuer() + "\",\"aud\":\"" + LocalIssuer.AUDIENCE
                + "\",\"sub\":\"user-42\",\"iat\":" + (exp - 600) + ",\"exp\":" + exp + ",\"scope\":\"hypercare:submit\"}");

        // when
        var response = submit(token, "shop-web");

        // then
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.<String>path("type")).isEqualTo("urn:hypercare:problem:forbidden");
        assertThat(response.<String>path("detail")).contains("names no app");
    }

    @Test
    void shouldAnswer403WhenATokenSubmitsAsAnotherApp() {
        // given
        String token = LocalIssuer.token("shop-web", "hypercare:submit", LocalIssuer.AUDIENCE);

        // when / then: the same refusal as for an API key of another app
        given().contentType(ContentType.JSON).header("Authorization", "Bearer " + token).body(body("crm"))
                .when().post("/api/v1/feedback")
                .then().statusCode(403).contentType("application/problem+json")
                .body("type", equalTo("urn:hypercare:problem:forbidden"))
                .body("errors[0].field", equalTo("sourceApp"));
    }

    @Test
    void shouldLetAnAdminTokenSubmitForAnyAppAndALifecycleTokenRecordEvents() {
        // given
        String admin = LocalIssuer.token("ops-console", "hypercare:admin", LocalIssuer.AUDIENCE);
        String support = LocalIssuer.token("support-desk", "hypercare:lifecycle", LocalIssuer.AUDIENCE);
        String shop = LocalIssuer.token("shop-web", "hypercare:submit", LocalIssuer.AUDIENCE);

        // when: the admin token submits as an app that is not its own
        var submitted = submit(admin, "any-app");

        // then
        assertThat(submitted.statusCode()).isEqualTo(202);
        String id = submitted.path("feedbackId");
        given().contentType(ContentType.JSON).header("Authorization", "Bearer " + support)
                .body("{\"type\":\"ACKNOWLEDGED\",\"actor\":\"agent-7\"}")
                .when().post("/api/v1/feedback/{id}/events", id)
                .then().statusCode(202);
        given().contentType(ContentType.JSON).header("Authorization", "Bearer " + shop)
                .body("{\"type\":\"RESPONDED\",\"actor\":\"agent-7\"}")
                .when().post("/api/v1/feedback/{id}/events", id)
                .then().statusCode(403).body("detail", containsString("hypercare:lifecycle"));
    }

    @Test
    void shouldStillAcceptApiKeysWithOidcOn() {
        // when / then: the key as X-API-Key and as a Bearer value, which is looked up as a key first
        given().contentType(ContentType.JSON).header("X-API-Key", SHOP_KEY).body(body("shop-web"))
                .when().post("/api/v1/feedback")
                .then().statusCode(202).body("feedbackId", notNullValue());
        assertThat(submit(SHOP_KEY, "shop-web").statusCode()).isEqualTo(202);
        // and an unknown key is still a 401, now saying neither a key nor a valid token
        assertUnauthorized(submit("hc_unknown_0000000000000000", "shop-web"));
    }

    @Test
    void shouldRateLimitAClientAcrossItsTokens() {
        // given: two different tokens of one client (asked for with other scopes, as after a renewal)
        String first = LocalIssuer.token("burst-app", "hypercare:submit", LocalIssuer.AUDIENCE);
        String second = LocalIssuer.token("burst-app", "openid hypercare:submit", LocalIssuer.AUDIENCE);
        assertThat(first.split("\\.")[2]).isNotEqualTo(second.split("\\.")[2]);
        // and a batch of 100 items with the first: admitted, the 99 others charged to the client as a debt
        // (20 s at 5/s), so the outcome does not depend on how fast a busy machine answers
        String items = String.join(",", java.util.Collections.nCopies(100, body("burst-app")));
        given().contentType(ContentType.JSON).header("Authorization", "Bearer " + first).body("[" + items + "]")
                .when().post("/api/v1/feedback/batch")
                .then().statusCode(200);

        // when: the client comes back with its other token
        var response = submit(second, "burst-app");

        // then: one bucket for the client, whichever token it sends
        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.<String>path("detail")).contains("oidc:burst-app");
        assertThat(Integer.parseInt(response.header("Retry-After"))).isGreaterThan(2);
    }

    @Test
    void shouldAnswer4xxNever5xxToMalformedBearerValues() throws Exception {
        // given: values a scanner or a broken client sends as a bearer token
        String claims = B64.encodeToString(claims(LocalIssuer.endpoint().issuer(), LocalIssuer.AUDIENCE,
                Instant.now().plusSeconds(600), "shop-web", "hypercare:submit").getBytes(StandardCharsets.UTF_8));
        String hs256Header = b64("{\"alg\":\"HS256\",\"typ\":\"JWT\",\"kid\":\"hypercare-local\"}");
        Mac hmac = Mac.getInstance("HmacSHA256"); // keyed with the issuer's public key, as published (the classic confusion)
        hmac.init(new SecretKeySpec(publishedKeys().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String hs256 = hs256Header + "." + claims;
        hs256 = hs256 + "." + B64.encodeToString(hmac.doFinal(hs256.getBytes(StandardCharsets.US_ASCII)));
        Map<String, String> malformed = new LinkedHashMap<>();
        malformed.put("not base64", "%%%.$$$.***");
        malformed.put("three dots", "...");
        malformed.put("four parts", "a.b.c.d");
        malformed.put("one part", "eyJhbGciOiJSUzI1NiJ9");
        malformed.put("header not JSON", b64("{\"alg\":") + "." + claims + ".c2ln");
        malformed.put("header JSON null", b64("null") + "." + claims + ".c2ln");
        malformed.put("header an array", b64("[1,2]") + "." + claims + ".c2ln");
        malformed.put("claims not JSON", b64("{\"alg\":\"RS256\",\"kid\":\"hypercare-local\"}") + "." + b64("\u0000\u00ff") + ".c2ln");
        malformed.put("alg none", b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + claims + ".");
        malformed.put("alg none, signature kept", b64("{\"alg\":\"none\"}") + "." + claims + ".c2ln");
        malformed.put("alg HS256 (key confusion)", hs256);
        malformed.put("unknown kid", b64("{\"alg\":\"RS256\",\"kid\":\"" + "k".repeat(200) + "\"}") + "." + claims + ".c2ln");
        malformed.put("jku to elsewhere", b64("{\"alg\":\"RS256\",\"jku\":\"http://127.0.0.1:9/jwks\",\"kid\":\"x\"}") + "." + claims + ".c2ln");
        malformed.put("huge header (12 KB)", b64("{\"alg\":\"RS256\",\"x\":\"" + "A".repeat(9000) + "\"}") + "." + claims + ".c2ln");
        malformed.put("huge header (64 KB)", b64("{\"alg\":\"RS256\",\"x\":\"" + "A".repeat(48000) + "\"}") + "." + claims + ".c2ln");
        malformed.put("deep JSON header", b64("{\"a\":" + "[".repeat(5000) + "]".repeat(5000) + "}") + "." + claims + ".c2ln");

        // when / then: every one refused as a client error, never a server error
        Map<String, Integer> statuses = new LinkedHashMap<>();
        for (Map.Entry<String, String> value : malformed.entrySet()) {
            statuses.put(value.getKey(), submit(value.getValue(), "shop-web").statusCode());
        }
        assertThat(statuses).allSatisfy((name, status) -> assertThat(status).as(name).isBetween(400, 499));
        statuses.forEach((name, status) -> {
            if (!name.equals("huge header (64 KB)")) { // over the 20 KB header limit: refused before any filter
                assertThat(status).as(name).isEqualTo(401);
            }
        });
    }

    @Test
    void shouldLogNeitherTheTokenNorItsSignature() throws Exception {
        // given
        List<String> logged = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.add(record.getMessage() + " " + java.util.Arrays.toString(record.getParameters()) + " " + record.getThrown());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        String valid = LocalIssuer.token("shop-web", "hypercare:submit", LocalIssuer.AUDIENCE);
        String wrongAudience = LocalIssuer.token("shop-web", "hypercare:submit", "billing-api");
        String expired = LocalIssuer.endpoint().sign(claims(LocalIssuer.endpoint().issuer(), LocalIssuer.AUDIENCE,
                Instant.now().minusSeconds(600), "shop-web", "hypercare:submit"));

        // when: at DEBUG for our code and Quarkus OIDC, where a refused token is reported, so a leak there is seen too
        List<Logger> verbose = List.of(Logger.getLogger("dev.hypercare.ingest"), Logger.getLogger("io.quarkus.oidc"));
        List<Level> levels = verbose.stream().map(Logger::getLevel).toList();
        verbose.forEach(logger -> logger.setLevel(Level.FINE));
        Logger.getLogger("").addHandler(capture);
        try {
            assertThat(submit(valid, "shop-web").statusCode()).isEqualTo(202);
            assertThat(submit(wrongAudience, "shop-web").statusCode()).isEqualTo(401);
            assertThat(submit(expired, "shop-web").statusCode()).isEqualTo(401);
        } finally {
            Logger.getLogger("").removeHandler(capture);
            for (int i = 0; i < verbose.size(); i++) {
                verbose.get(i).setLevel(levels.get(i));
            }
        }

        // then: the refusals were logged (so the capture saw them) ...
        assertThat(logged).anyMatch(line -> line.contains("Bearer token refused"));
        // ... and no part of any token (claims and signature parts are unique per token) is in any log line
        for (String token : List.of(valid, wrongAudience, expired)) {
            String[] parts = token.split("\\.");
            assertThat(logged).noneMatch(line -> line.contains(parts[1]) || line.contains(parts[2]));
        }
    }

    /** The issuer's JWKS, fetched as anyone can. */
    private static String publishedKeys() throws Exception {
        return java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(LocalIssuer.endpoint().jwksUrl())).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
    }

    private static String b64(String json) {
        return B64.encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
