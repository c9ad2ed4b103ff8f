package dev.hypercare.ingest.feedback;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.jboss.resteasy.reactive.server.core.CurrentRequestManager;
import org.jboss.resteasy.reactive.server.core.Deployment;
import org.jboss.resteasy.reactive.server.core.ResteasyReactiveRequestContext;
import org.jboss.resteasy.reactive.server.spi.ForwardedInfo;

/**
 * The success answer of {@code POST /api/v1/feedback} (202 native, 200 minimal): the body
 * {@code {"feedbackId":"…","receivedAt":"…"}} and the absolute {@code Location} of the new item.
 *
 * <p>Rule: byte for byte what the framework wrote before ({@link FeedbackAccepted} through Jackson, the relative
 * {@code Location} made absolute by RESTEasy Reactive), only cheaper. In the single-event profile the Jackson writer
 * with its output stream and the framework's {@code Location} resolution (a relative {@code URI} parsed, a base
 * {@code URI} built from the request and resolved against it, per answer) were about 8 % of the CPU per event.
 * Here the body is written as bytes (ids are UUIDs, so nothing needs escaping; the instant as Jackson writes it,
 * ISO-8601 by {@link Instant#toString}), and the {@code Location} prefix is computed the framework's way once per
 * scheme, authority and path prefix and then reused. Anything unusual (an id that would need escaping, no request
 * in scope, a host with characters outside plain ASCII host syntax) takes the framework's own path, unchanged.
 * {@code AcceptedAnswerTest} holds both to the framework's answers.
 */
final class AcceptedAnswer {

    /** The content type the Jackson writer answered with. */
    static final MediaType JSON_UTF8 = MediaType.APPLICATION_JSON_TYPE.withCharset(StandardCharsets.UTF_8.name());

    private AcceptedAnswer() {
    }

    /** {@code builder} (the status) with the body and the Location of the accepted item. */
    static Response.ResponseBuilder of(Response.ResponseBuilder builder, String feedbackId, Instant receivedAt) {
        byte[] body = plain(feedbackId) ? body(feedbackId, receivedAt) : null;
        if (body == null) {
            builder.entity(new FeedbackAccepted(feedbackId, receivedAt));
        } else {
            builder.entity(body).type(JSON_UTF8);
        }
        String relative = FeedbackResource.PATH + "/" + feedbackId;
        String location = body == null ? null : location(relative);
        return location != null ? builder.header(HttpHeaders.LOCATION, location) : builder.location(URI.create(relative));
    }

    /** The JSON Jackson writes for {@code new FeedbackAccepted(feedbackId, receivedAt)}, for an id that {@link #plain} passed. */
    static byte[] body(String feedbackId, Instant receivedAt) {
        String json = "{\"feedbackId\":\"" + feedbackId + "\",\"receivedAt\":\"" + receivedAt + "\"}";
        return json.getBytes(StandardCharsets.UTF_8);
    }

    /** Letters, digits and '-' only (every UUID): nothing to escape in JSON, nothing to encode in a URI path. */
    static boolean plain(String id) {
        if (id == null || id.isEmpty()) {
            return false;
        }
        for (int i = 0, n = id.length(); i < n; i++) {
            char c = id.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || (c >= 'A' && c <= 'Z'))) {
                return false;
            }
        }
        return true;
    }

    /** The prefix last computed (for the scheme, authority and path prefix it is valid for). */
    private static volatile Base last;

    /** The prefix in use (null before the first answer or when the framework made the last ones); for tests. */
    static Base lastBase() {
        return last;
    }

    /** The absolute Location for the request in scope, or null: the framework is then left to make it. */
    static String location(String relative) {
        ResteasyReactiveRequestContext request = CurrentRequestManager.get();
        if (request == null) {
            return null;
        }
        String scheme = request.getScheme();
        String authority = request.getAuthority();
        String prefix = prefix(request);
        Base base = last;
        if (base == null || !base.isFor(scheme, authority, prefix)) {
            base = Base.of(scheme, authority, prefix);
            if (base == null) {
                return null;
            }
            last = base;
        }
        return base.absolute + relative;
    }

    /**
     * The path prefix RESTEasy Reactive puts before a relative Location ({@code LocationUtil.determinePrefix} in
     * resteasy-reactive 3.33): the application path, after a forwarded prefix when there is one, without a
     * trailing '/'.
     */
    static String prefix(ResteasyReactiveRequestContext request) {
        Deployment deployment = request.getDeployment();
        String prefix = deployment != null ? deployment.getPrefix() : "";
        ForwardedInfo forwarded = request.serverRequest().getForwardedInfo();
        if (forwarded != null && forwarded.getPrefix() != null && !forwarded.getPrefix().isEmpty()) {
            String forwardedPrefix = forwarded.getPrefix();
            if (!forwardedPrefix.startsWith("/")) {
                forwardedPrefix = "/" + forwardedPrefix;
            }
            if (forwardedPrefix.endsWith("/")) {
                forwardedPrefix = forwardedPrefix.substring(0, forwardedPrefix.length() - 1);
            }
            prefix = forwardedPrefix + prefix;
        }
        if (prefix.endsWith("/")) {
            prefix = prefix.substring(0, prefix.length() - 1);
        }
        return prefix;
    }

    /** What a relative path starting with '/' resolves to before that path, for one scheme, authority and prefix. */
    record Base(String scheme, String authority, String prefix, String absolute) {

        boolean isFor(String scheme, String authority, String prefix) {
            return this.scheme.equals(scheme) && this.authority.equals(authority) && this.prefix.equals(prefix);
        }

        /**
         * Computed as the framework does ({@code new URI(scheme, authority, "/", null, null).resolve(prefix + path)}),
         * and kept only when that answer for a sample path is exactly this base followed by the path; null for
         * anything else (no authority, characters a URI would quote or reject), which the framework then handles.
         */
        static Base of(String scheme, String authority, String prefix) {
            if (!("http".equals(scheme) || "https".equals(scheme)) || authority == null || !hostSyntax(authority)
                    || !plainPath(prefix)) {
                return null;
            }
            try {
                URI root = new URI(scheme, authority, "/", null, null);
                String absolute = root.resolve(prefix + "/").toASCIIString();
                absolute = absolute.substring(0, absolute.length() - 1);
                String sample = FeedbackResource.PATH + "/5d0f4a1e-6f3a-5b8c-9e2d-7c1b0a4f3e21";
                if (!root.resolve(prefix + sample).toASCIIString().equals(absolute + sample)) {
                    return null;
                }
                return new Base(scheme, authority, prefix, absolute);
            } catch (URISyntaxException | IllegalArgumentException e) {
                return null;
            }
        }

        /** Host name or IP literal and port: letters, digits, '.', '-', ':', '[' and ']' only. */
        private static boolean hostSyntax(String authority) {
            if (authority.isEmpty()) {
                return false;
            }
            for (int i = 0, n = authority.length(); i < n; i++) {
                char c = authority.charAt(i);
                if (!(Character.isLetterOrDigit(c) && c < 0x80 || c == '.' || c == '-' || c == ':' || c == '[' || c == ']')) {
                    return false;
                }
            }
            return true;
        }

        /** Empty, or '/'-separated segments of letters, digits, '-', '_' and '.' without "." or ".." segments. */
        private static boolean plainPath(String prefix) {
            if (prefix.isEmpty()) {
                return true;
            }
            if (!prefix.startsWith("/")) {
                return false;
            }
            for (String segment : prefix.substring(1).split("/", -1)) {
                if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                    return false;
                }
                for (int i = 0, n = segment.length(); i < n; i++) {
                    char c = segment.charAt(i);
                    if (!(Character.isLetterOrDigit(c) && c < 0x80 || c == '-' || c == '_' || c == '.')) {
                        return false;
                    }
                }
            }
            return true;
        }
    }
}
