package dev.hypercare.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A minimal OAuth 2.0 authorization server for trying Kafka's OAUTHBEARER settings locally, without an
 * identity provider: {@code POST /token} answers every client-credentials request with an RS256 JWT
 * (subject = the client id, valid one hour) signed by a key made at start and kept in memory, and
 * {@code GET /jwks} publishes that key, which the local broker's {@code --oauthbearer-jwks-url} checks
 * tokens against. Any client id and secret get a token: local runs and tests only.
 *
 * <p>The tokens carry what an identity provider's client-credentials tokens carry, so that resource servers
 * (the ingest-service's optional OIDC bearer tokens) can be tried against it too: {@code iss} (this endpoint's
 * base URL, {@link #issuer()}), {@code client_id} (RFC 9068), the requested {@code scope} (RFC 6749 4.4.2;
 * {@code kafka} when none is asked for) and, when the request names an {@code audience} (as Auth0 and Okta
 * take it), {@code aud}. {@link #sign(String)} signs any claims with the same key, for tests of what a resource
 * server must refuse although the signature is genuine (expired, another issuer or audience).
 *
 * <pre>java -cp hypercare-local.jar dev.hypercare.local.LocalTokenEndpoint [--host 127.0.0.1] [--port 18380]</pre>
 */
public final class LocalTokenEndpoint implements AutoCloseable {

    private static final Pattern CLIENT_ID = Pattern.compile("(?:^|&)client_id=([^&]+)");
    private static final Pattern SCOPE = Pattern.compile("(?:^|&)scope=([^&]*)");
    private static final Pattern AUDIENCE = Pattern.compile("(?:^|&)audience=([^&]*)");
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
    private static final String KEY_ID = "hypercare-local";

    private final HttpServer server;
    private final KeyPair key;
    private final AtomicInteger tokensIssued = new AtomicInteger();

    private LocalTokenEndpoint(HttpServer server, KeyPair key) {
        this.server = server;
        this.key = key;
    }

    /** Starts on the given port (0: any free one). */
    public static LocalTokenEndpoint start(String host, int port) throws IOException, GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        LocalTokenEndpoint endpoint = new LocalTokenEndpoint(HttpServer.create(new InetSocketAddress(host, port), 0),
                generator.generateKeyPair());
        endpoint.server.createContext("/token", endpoint::token);
        endpoint.server.createContext("/jwks", endpoint::jwks);
        endpoint.server.start();
        return endpoint;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = Args.parseOrExit(args, Map.of("host", "127.0.0.1", "port", "18380"));
        LocalTokenEndpoint endpoint = start(options.get("host"), Integer.parseInt(options.get("port")));
        System.out.println("Token endpoint " + endpoint.tokenUrl() + ", keys " + endpoint.jwksUrl());
    }

    /** For the clients' {@code sasl.oauthbearer.token.endpoint.url}. */
    public String tokenUrl() {
        return base() + "/token";
    }

    /** For the broker's {@code sasl.oauthbearer.jwks.endpoint.url}. */
    public String jwksUrl() {
        return base() + "/jwks";
    }

    /** The {@code iss} of the tokens: for a resource server's expected issuer. */
    public String issuer() {
        return base();
    }

    public int tokensIssued() {
        return tokensIssued.get();
    }

    private String base() {
        return "http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort();
    }

    private void token(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            String form = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            if (!"POST".equals(exchange.getRequestMethod()) || !form.contains("grant_type=client_credentials")) {
                exchange.sendResponseHeaders(400, -1);
                return;
            }
            String subject = clientId(exchange.getRequestHeaders().getFirst("Authorization"), form);
            String scope = formValue(SCOPE, form);
            send(exchange, "{\"access_token\":\"" + jwt(subject, scope == null || scope.isBlank() ? "kafka" : scope,
                    formValue(AUDIENCE, form)) + "\",\"token_type\":\"Bearer\",\"expires_in\":3600}");
            tokensIssued.incrementAndGet();
        } catch (GeneralSecurityException e) {
            throw new IOException(e);
        }
    }

    private void jwks(HttpExchange exchange) throws IOException {
        try (exchange) {
            RSAPublicKey publicKey = (RSAPublicKey) key.getPublic();
            send(exchange, "{\"keys\":[{\"kty\":\"RSA\",\"use\":\"sig\",\"alg\":\"RS256\",\"kid\":\"" + KEY_ID + "\",\"n\":\""
                    + unsigned(publicKey.getModulus()) + "\",\"e\":\"" + unsigned(publicKey.getPublicExponent()) + "\"}]}");
        }
    }

    private static void send(HttpExchange exchange, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
    }

    /** Kafka's client sends its client id and secret as HTTP Basic credentials (or in the form). */
    static String clientId(String authorization, String form) {
        if (authorization != null && authorization.startsWith("Basic ")) {
            String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return URLDecoder.decode(colon < 0 ? decoded : decoded.substring(0, colon), StandardCharsets.UTF_8);
        }
        Matcher m = CLIENT_ID.matcher(form);
        return m.find() ? URLDecoder.decode(m.group(1), StandardCharsets.UTF_8) : "anonymous";
    }

    private static String formValue(Pattern field, String form) {
        Matcher m = field.matcher(form);
        return m.find() ? URLDecoder.decode(m.group(1), StandardCharsets.UTF_8) : null;
    }

    String jwt(String subject) throws GeneralSecurityException {
        return jwt(subject, "kafka", null);
    }

    String jwt(String subject, String scope, String audience) throws GeneralSecurityException {
        long now = Instant.now().getEpochSecond();
        String client = json(subject);
        return sign("{\"iss\":\"" + issuer() + "\",\"sub\":\"" + client + "\",\"client_id\":\"" + client + "\""
                + (audience == null || audience.isBlank() ? "" : ",\"aud\":\"" + json(audience) + "\"")
                + ",\"iat\":" + now + ",\"exp\":" + (now + 3600) + ",\"scope\":\"" + json(scope) + "\"}");
    }

    /** A value inside a JSON string: quotes and backslashes are dropped rather than escaped (local use only). */
    private static String json(String value) {
        return value.replaceAll("[\"\\\\]", "");
    }

    /**
     * An RS256 JWT of exactly these claims (a JSON object), signed with this endpoint's key and {@code kid}: a
     * genuine signature over whatever claims a test needs (an expired {@code exp}, another {@code iss} or {@code aud}).
     */
    public String sign(String claimsJson) throws GeneralSecurityException {
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"" + KEY_ID + "\"}";
        String signed = BASE64URL.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + BASE64URL.encodeToString(claimsJson.getBytes(StandardCharsets.UTF_8));
        Signature rs256 = Signature.getInstance("SHA256withRSA");
        rs256.initSign(key.getPrivate());
        rs256.update(signed.getBytes(StandardCharsets.US_ASCII));
        return signed + "." + BASE64URL.encodeToString(rs256.sign());
    }

    /** A JWK number: big-endian, without the sign byte BigInteger may add. */
    private static String unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        if (bytes.length > 1 && bytes[0] == 0) {
            bytes = java.util.Arrays.copyOfRange(bytes, 1, bytes.length);
        }
        return BASE64URL.encodeToString(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
