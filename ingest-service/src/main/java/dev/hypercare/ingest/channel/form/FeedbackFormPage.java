package dev.hypercare.ingest.channel.form;

import java.util.List;
import java.util.Map;

/**
 * The HTML of the feedback form: one page, no script, no external resource, so that it works in any
 * browser, with a screen reader and under a strict Content-Security-Policy.
 *
 * <p>Accessibility rules followed: a page language and title; every control has a visible
 * {@code <label>}; hints and errors are tied to their control with {@code aria-describedby}; invalid
 * controls are marked {@code aria-invalid}; the error summary is a {@code role="alert"} region
 * that is read out on arrival; required fields say so in text, not only with an asterisk.
 */
final class FeedbackFormPage {

    private FeedbackFormPage() {
    }

    static String form(String action, String token, Map<String, String> values, Map<String, String> errors) {
        StringBuilder html = new StringBuilder(4096);
        head(html, errors.isEmpty() ? "Send feedback" : "Error: send feedback");
        html.append("<main>\n<h1>Send feedback</h1>\n");
        html.append("<p>Tell us what works and what does not in the new release. Fields marked (required) must be filled in.</p>\n");
        if (!errors.isEmpty()) {
            html.append("<div role=\"alert\" class=\"errors\"><h2>Please correct ").append(errors.size())
                    .append(errors.size() == 1 ? " field" : " fields").append("</h2><ul>");
            errors.forEach((field, message) -> html.append("<li><a href=\"#").append(field).append("\">")
                    .append(escape(label(field))).append(": ").append(escape(message)).append("</a></li>"));
            html.append("</ul></div>\n");
        }
        html.append("<form method=\"post\" action=\"").append(escape(action)).append("\" accept-charset=\"UTF-8\">\n");
        html.append("<input type=\"hidden\" name=\"token\" value=\"").append(escape(token)).append("\">\n");
        field(html, "release", "text", "Release (required)", "Version you are using, e.g. 2.4.0", values, errors, true, 200);
        field(html, "title", "text", "Title", "A few words", values, errors, false, 500);
        html.append(controlStart("text", "What happened? (required)", "Please do not include passwords or card numbers.", errors));
        html.append("<textarea id=\"text\" name=\"text\" rows=\"8\" cols=\"60\" maxlength=\"20000\" required aria-describedby=\"text-hint")
                .append(errors.containsKey("text") ? " text-error\" aria-invalid=\"true" : "").append("\">")
                .append(escape(values.getOrDefault("text", ""))).append("</textarea></div>\n");
        field(html, "component", "text", "Area of the product", "e.g. checkout, login", values, errors, false, 200);
        field(html, "email", "email", "Your e-mail, if we may answer you", "Stored encrypted; only support can read it.",
                values, errors, false, 200);
        html.append("<button type=\"submit\">Send feedback</button>\n</form>\n</main>\n</body>\n</html>\n");
        return html.toString();
    }

    static String thanks(String feedbackId) {
        StringBuilder html = new StringBuilder(1024);
        head(html, "Thank you");
        html.append("<main>\n<h1>Thank you</h1>\n<p role=\"status\">Your feedback was received. Its reference is <code>")
                .append(escape(feedbackId)).append("</code>.</p>\n<p><a href=\"/feedback-form\">Send more feedback</a></p>\n</main>\n</body>\n</html>\n");
        return html.toString();
    }

    private static void head(StringBuilder html, String title) {
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>")
                .append(escape(title)).append(" - Hypercare</title>\n<style>")
                .append("body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;line-height:1.5}")
                .append("label{display:block;font-weight:600;margin-top:1rem}input,textarea{width:100%;font:inherit;padding:.4rem}")
                .append(".hint{color:#444;font-size:.9rem}.error{color:#b00020;font-weight:600}")
                .append(".errors{border:2px solid #b00020;padding:0 1rem;margin:1rem 0}")
                .append("button{margin-top:1.5rem;font:inherit;padding:.5rem 1.5rem}:focus{outline:3px solid #1a5fb4}")
                .append("</style>\n</head>\n<body>\n");
    }

    private static void field(StringBuilder html, String name, String type, String label, String hint,
                              Map<String, String> values, Map<String, String> errors, boolean required, int max) {
        html.append(controlStart(name, label, hint, errors));
        html.append("<input id=\"").append(name).append("\" name=\"").append(name).append("\" type=\"").append(type)
                .append("\" maxlength=\"").append(max).append("\" value=\"").append(escape(values.getOrDefault(name, "")))
                .append("\" aria-describedby=\"").append(name).append("-hint");
        if (errors.containsKey(name)) {
            html.append(" ").append(name).append("-error\" aria-invalid=\"true");
        }
        html.append("\"").append(required ? " required" : "").append("></div>\n");
    }

    private static String controlStart(String name, String label, String hint, Map<String, String> errors) {
        StringBuilder html = new StringBuilder("<div>");
        html.append("<label for=\"").append(name).append("\">").append(escape(label)).append("</label>");
        html.append("<span class=\"hint\" id=\"").append(name).append("-hint\">").append(escape(hint)).append("</span>");
        if (errors.containsKey(name)) {
            html.append("<span class=\"error\" id=\"").append(name).append("-error\">").append(escape(errors.get(name))).append("</span>");
        }
        return html.toString();
    }

    private static String label(String field) {
        return switch (field) {
            case "text" -> "What happened";
            case "email" -> "E-mail";
            default -> Character.toUpperCase(field.charAt(0)) + field.substring(1);
        };
    }

    static String escape(String value) {
        if (value == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(value.length());
        for (char c : value.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    static final List<String> FIELDS = List.of("release", "title", "text", "component", "email");
}
