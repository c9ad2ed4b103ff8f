package dev.hypercare.ingest.channel.email;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What Hypercare takes from an inbound e-mail, whichever inbound-parse service posted it: SendGrid
 * Inbound Parse names the parts {@code from, to, subject, text, html, headers}; Mailgun routes name
 * them {@code sender, recipient, subject, body-plain, body-html, message-headers}.
 *
 * <p>Rules: the plain-text part is the feedback; without one, the HTML part with its tags removed.
 * The release can be named in the recipient's plus-address ({@code feedback+2.4.0@example.com}).
 * The {@code Message-ID} header is the idempotency key, so a webhook delivered twice is one item.
 */
public record InboundEmail(String from, String to, String subject, String text, String html, String headers) {

    private static final Pattern MESSAGE_ID = Pattern.compile("(?im)^Message-ID:\\s*(<[^>\\r\\n]+>)");
    private static final Pattern PLUS_RELEASE = Pattern.compile("\\+([A-Za-z0-9._-]{1,100})@");
    private static final Pattern ADDRESS = Pattern.compile("<([^<>@\\s]+@[^<>\\s]+)>|([^<>\\s\"]+@[^<>\\s\"]+)");

    public String body() {
        if (text != null && !text.isBlank()) {
            return text.strip();
        }
        if (html != null && !html.isBlank()) {
            String noScripts = html.replaceAll("(?is)<(script|style)[^>]*>.*?</\\1>", " ");
            String plain = noScripts.replaceAll("(?s)<br\\s*/?>|</p>", "\n").replaceAll("(?s)<[^>]+>", " ")
                    .replace("&nbsp;", " ").replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
                    .replace("&quot;", "\"").replace("&#39;", "'");
            return plain.replaceAll("[ \\t]+", " ").replaceAll("\\s*\\n\\s*", "\n").strip();
        }
        return null;
    }

    public Optional<String> messageId() {
        if (headers == null) {
            return Optional.empty();
        }
        Matcher m = MESSAGE_ID.matcher(headers);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    public Optional<String> release() {
        if (to == null) {
            return Optional.empty();
        }
        Matcher m = PLUS_RELEASE.matcher(to);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** The bare sender address ("Ana <ana@example.com>" gives "ana@example.com"). */
    public String senderAddress() {
        if (from == null) {
            return null;
        }
        Matcher m = ADDRESS.matcher(from);
        if (m.find()) {
            return (m.group(1) != null ? m.group(1) : m.group(2)).toLowerCase(Locale.ROOT);
        }
        return from.strip();
    }
}
