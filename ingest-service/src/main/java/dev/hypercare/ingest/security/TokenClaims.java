package dev.hypercare.ingest.security;

import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * How a verified OIDC access token's claims become the same grant an API key has ({@link ApiKey} with no hash):
 * the app it submits as, its scopes and its rate.
 *
 * <p>Rule:
 * <ul>
 *   <li>the app is the first of {@code appClaims} that holds a non-blank string ({@code hypercare_app}, then
 *       {@code azp} as Keycloak, Auth0 and Entra ID v2 put the client there, then {@code client_id} of RFC 9068);
 *       none means the token may not submit feedback except with the admin scope;</li>
 *   <li>the scopes are read from every claim of {@code scopeClaims}, either a space-separated string
 *       ({@code scope}, RFC 8693 / RFC 9068) or an array of strings ({@code scp} of Okta and Entra ID); only the
 *       configured names count ({@code hypercare:submit} ...), every other scope of the token is ignored;</li>
 *   <li>the caller's name, for rate limits, logs and problem details, is {@code oidc:} and the client
 *       ({@code azp}, else {@code client_id}, else {@code sub}), so all tokens of one client share one rate bucket
 *       however often they are renewed.</li>
 * </ul>
 * Nothing of the token itself is kept: claims only.
 */
public record TokenClaims(List<String> appClaims, List<String> scopeClaims, Map<String, Scope> scopeNames, double ratePerSecond) {

    /** Client identity claims, in order of preference, for the caller's name. */
    static final List<String> CLIENT_CLAIMS = List.of("azp", "client_id", "sub");
    private static final Pattern UNSAFE = Pattern.compile("[^A-Za-z0-9._:@/+-]");
    private static final int MAX_NAME = 64;

    public TokenClaims {
        appClaims = List.copyOf(appClaims);
        scopeClaims = List.copyOf(scopeClaims);
        scopeNames = Map.copyOf(scopeNames);
    }

    /** The grant of a token whose claims {@code claim} returns (null for an absent claim). */
    public ApiKey grant(Function<String, Object> claim) {
        Set<Scope> scopes = EnumSet.noneOf(Scope.class);
        for (String name : scopeClaims) {
            for (String value : strings(claim.apply(name), true)) {
                Scope scope = scopeNames.get(value);
                if (scope != null) {
                    scopes.add(scope);
                }
            }
        }
        return ApiKey.ofToken("oidc:" + safe(first(claim, CLIENT_CLAIMS)), first(claim, appClaims), Set.copyOf(scopes),
                ratePerSecond);
    }

    private static String first(Function<String, Object> claim, List<String> names) {
        for (String name : names) {
            List<String> values = strings(claim.apply(name), false);
            if (values.size() == 1 && !values.get(0).isBlank()) {
                return values.get(0).strip();
            }
        }
        return null;
    }

    /** A claim's string values: a string (split on spaces when {@code split}), or an array of strings. */
    static List<String> strings(Object value, boolean split) {
        List<String> out = new ArrayList<>();
        if (value instanceof JsonString json) {
            value = json.getString();
        }
        if (value instanceof CharSequence text) {
            for (String part : split ? text.toString().strip().split("\\s+") : new String[] {text.toString()}) {
                if (!part.isEmpty()) {
                    out.add(part);
                }
            }
        } else if (value instanceof Collection<?> items) { // JSON-P JsonArray is a List<JsonValue>
            for (Object item : items) {
                if (item instanceof JsonString || item instanceof CharSequence) {
                    out.addAll(strings(item, false));
                } else if (item != null && !(item instanceof JsonValue)) {
                    out.add(item.toString());
                }
            }
        }
        return out;
    }

    /** A client id fit for logs and problem details: bounded, and only characters client ids are made of. */
    private static String safe(String client) {
        if (client == null) {
            return "unknown";
        }
        String clean = UNSAFE.matcher(client).replaceAll("_");
        return clean.length() <= MAX_NAME ? clean : clean.substring(0, MAX_NAME);
    }
}
