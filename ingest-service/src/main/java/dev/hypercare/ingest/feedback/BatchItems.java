package dev.hypercare.ingest.feedback;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.hypercare.http.Problem;
import dev.hypercare.ingest.problem.ProblemMappers;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a batch body in one pass, each item bound straight from the bytes to a
 * {@link FeedbackSubmission} (or to what is wrong with it), without a {@code JsonNode} tree of the
 * whole body and a second binding per item: that tree and {@code treeToValue} were the largest parsing
 * cost of a batch item.
 *
 * <p>Rule: this is only a faster way to the answers the tree path gives. It answers null (the caller
 * then takes the tree path, which answers exactly as before) for every body that is not a well-formed
 * JSON array holding nothing else: not JSON, not an array, cut off, trailing tokens, a syntax error
 * inside an item (the tree path refuses the whole body for those, with the parser's own message).
 * An item that is JSON but not a valid submission (wrong type, not an object) gets the same field
 * error as {@code treeToValue} gives, and reading goes on at the next item.
 */
final class BatchItems {

    /** One item as read: the submission, or the field at fault. */
    record Item(FeedbackSubmission submission, Problem.FieldError fault) {
    }

    /** The items (at most the bound) and how many there were in all. */
    record Read(List<Item> items, int count) {
    }

    static final Problem.FieldError NOT_AN_OBJECT = new Problem.FieldError("item", "must be a JSON object");

    private final ObjectMapper mapper;
    private final ObjectReader reader;

    BatchItems(ObjectMapper mapper) {
        this.mapper = mapper;
        // Per item, not per body: the trailing-token check (an item is followed by the next) is made once, after the array.
        this.reader = mapper.readerFor(FeedbackSubmission.class).without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    /**
     * The items of {@code body}, bound up to {@code maxItems} (the rest only counted, for the
     * answer that names the count); null when the body is no plain JSON array.
     */
    Read read(byte[] body, int maxItems) throws IOException {
        try (JsonParser parser = mapper.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                return null;
            }
            JsonStreamContext array = parser.getParsingContext();
            List<Item> items = new ArrayList<>(Math.min(maxItems, 128));
            int count = 0;
            for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
                if (token == null) {
                    return null; // cut off (Jackson normally throws first)
                }
                if (count++ >= maxItems) {
                    parser.skipChildren();
                    continue;
                }
                try {
                    FeedbackSubmission submission = reader.readValue(parser);
                    items.add(new Item(submission, submission == null ? NOT_AN_OBJECT : null));
                } catch (JsonMappingException e) {
                    if (syntaxError(e)) {
                        return null;
                    }
                    items.add(new Item(null, ProblemMappers.fieldErrorOf(e)));
                    skipRestOfItem(parser, array);
                } catch (JsonParseException e) {
                    return null;
                } catch (JsonProcessingException e) {
                    items.add(new Item(null, NOT_AN_OBJECT)); // as the tree path's catch-all
                    skipRestOfItem(parser, array);
                }
            }
            if (parser.nextToken() != null) {
                return null; // trailing tokens
            }
            return new Read(items, count);
        } catch (JsonParseException e) {
            return null;
        }
    }

    /**
     * A mapping error that is really a syntax error met while binding (Jackson decodes strings lazily and
     * wraps what it meets there with the field's path); the tree path refuses the whole body for those.
     */
    private static boolean syntaxError(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof JsonParseException) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }

    /** After a failed item, wherever inside it the binding stopped: on to its last token. */
    private static void skipRestOfItem(JsonParser parser, JsonStreamContext array) throws IOException {
        while (parser.getParsingContext() != array) {
            if (parser.nextToken() == null) {
                throw new JsonParseException(parser, "Unexpected end of input inside a batch item");
            }
        }
    }
}
