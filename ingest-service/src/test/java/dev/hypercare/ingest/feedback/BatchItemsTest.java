package dev.hypercare.ingest.feedback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hypercare.http.Problem;
import dev.hypercare.ingest.http.StrictJsonCustomizer;
import dev.hypercare.ingest.problem.ProblemMappers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The one-pass batch reader gives, item for item, what the tree path gave (the tree of the body, then
 * {@code treeToValue} per item), and leaves every body that is not a well-formed array to the tree path.
 */
class BatchItemsTest {

    private static final ObjectMapper MAPPER = mapper();
    private static final String OK = "{\"sourceApp\":\"shop-web\",\"release\":\"2.4.0\",\"text\":\"Cart empties itself\"}";

    private static ObjectMapper mapper() {
        ObjectMapper mapper = new ObjectMapper().findAndRegisterModules();
        new StrictJsonCustomizer().customize(mapper);
        return mapper;
    }

    /** What the tree path made of each item: the submission, or the field error (FeedbackBatchResource before this reader). */
    private static List<Object> byTree(String body) throws JsonProcessingException {
        List<Object> items = new ArrayList<>();
        for (JsonNode node : MAPPER.readTree(body)) {
            try {
                FeedbackSubmission s = MAPPER.treeToValue(node, FeedbackSubmission.class);
                items.add(s == null ? BatchItems.NOT_AN_OBJECT : s);
            } catch (JsonMappingException e) {
                items.add(ProblemMappers.fieldErrorOf(e));
            } catch (Exception e) {
                items.add(BatchItems.NOT_AN_OBJECT);
            }
        }
        return items;
    }

    private static List<Object> streamed(String body) throws Exception {
        BatchItems.Read read = new BatchItems(MAPPER).read(body.getBytes(StandardCharsets.UTF_8), 500);
        assertThat(read).as("read as an array").isNotNull();
        assertThat(read.count()).isEqualTo(read.items().size());
        return read.items().stream().map(i -> i.fault() != null ? (Object) i.fault() : i.submission()).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "[" + OK + "]",
            // unknown fields, nested or not, are ignored
            "[{\"sourceApp\":\"a\",\"release\":\"1\",\"text\":\"t\",\"unknown\":{\"deep\":[1,{\"x\":null}]},\"also\":[[]]}]",
            // wrong types: a nested object or array where a string is due, a string or a float for a number, a number for an enum
            "[{\"sourceApp\":\"a\",\"release\":\"1\",\"text\":{\"nested\":[1,2,{\"a\":\"b\"}]},\"title\":\"x\"}," + OK + "]",
            "[{\"sourceApp\":[\"a\",[\"b\"]],\"release\":\"1\",\"text\":\"t\"}," + OK + "]",
            "[{\"sourceApp\":\"a\",\"release\":\"1\",\"text\":\"t\",\"affectedUsers\":\"many\"}," + OK + "]",
            "[{\"sourceApp\":\"a\",\"release\":\"1\",\"text\":\"t\",\"affectedUsers\":1.5}," + OK + "]",
            "[{\"sourceApp\":\"a\",\"release\":\"1\",\"text\":\"t\",\"affectedUsers\":99999999999}," + OK + "]",
            "[{\"sourceApp\":\"a\",\"release\":\"1\",\"text\":\"t\",\"channel\":3}," + OK + "]",
            "[{\"sourceApp\":\"a\",\"release\":\"1\",\"text\":\"t\",\"channel\":\"PIGEON\"}," + OK + "]",
            "[{\"sourceApp\":42,\"release\":\"1\",\"text\":\"t\"}," + OK + "]",
            "[{\"sourceApp\":\"a\",\"release\":\"1\",\"text\":\"t\",\"clientTimestamp\":\"yesterday\"}," + OK + "]",
            "[{\"sourceApp\":\"a\",\"release\":\"1\",\"text\":\"t\",\"clientTimestamp\":\"2025-01-31T09:30:00Z\"}]",
            // the error stops the binding in the middle of the item: the next item is still read whole
            "[{\"affectedUsers\":\"x\",\"text\":{\"a\":[1,2,[3]]},\"sourceApp\":\"a\"},{\"sourceApp\":\"b\",\"release\":\"2\",\"text\":\"u\"}]",
            // not objects
            "[null," + OK + "]", "[\"just text\"," + OK + "]", "[42,true,[1,2],[]," + OK + "]", "[{}]",
            // missing required fields bind (validation names them later)
            "[{\"sourceApp\":\"a\"},{\"text\":null}]"})
    void shouldBindEachItemAsTheTreePathDid(String body) throws Exception {
        // when
        List<Object> streamed = streamed(body);

        // then
        assertThat(streamed).isEqualTo(byTree(body));
    }

    @Test
    void shouldNameTheFieldOfAWrongTypeAndGoOnWithTheNextItem() throws Exception {
        // given
        String body = "[{\"sourceApp\":\"a\",\"release\":\"1\",\"text\":\"t\",\"unknown\":1,\"affectedUsers\":\"many\"},"
                + "{\"sourceApp\":\"a\",\"release\":\"1\",\"text\":{\"x\":1}}," + OK + "]";

        // when
        List<Object> items = streamed(body);

        // then
        assertThat(items).hasSize(3);
        assertThat(((Problem.FieldError) items.get(0)).field()).isEqualTo("affectedUsers");
        assertThat(((Problem.FieldError) items.get(1)).field()).isEqualTo("text");
        assertThat(((FeedbackSubmission) items.get(2)).text()).isEqualTo("Cart empties itself");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "", "  ", "{\"sourceApp\":\"a\"}", "\"text\"", "null",
            "[" + OK + ",{\"sourceApp\":\"a\"", // cut off inside an item
            "[" + OK, // cut off after an item
            "[" + OK + "] [" + OK + "]", "[" + OK + "] x", // trailing tokens
            "[" + OK + ",{\"text\":\"bad \\q escape\"}]", // a syntax error inside a string the binding decodes
            "[" + OK + ",{\"text\":\"t\",}]", "[" + OK + ",,]", "[{\"affectedUsers\":\"x\",\"text\":tru}]"})
    void shouldLeaveEveryBodyThatIsNoWellFormedArrayToTheTreePath(String body) throws Exception {
        // when
        BatchItems.Read read = new BatchItems(MAPPER).read(body.getBytes(StandardCharsets.UTF_8), 500);

        // then
        assertThat(read).isNull();
    }

    @Test
    void shouldCountTheItemsPastTheBoundWithoutBindingThem() throws Exception {
        // given
        String body = "[" + String.join(",", java.util.Collections.nCopies(7, OK)) + "]";

        // when
        BatchItems.Read read = new BatchItems(MAPPER).read(body.getBytes(StandardCharsets.UTF_8), 5);

        // then
        assertThat(read.count()).isEqualTo(7);
        assertThat(read.items()).hasSize(5);
    }

    @Test
    void shouldRefuseInTheTreePathWhatItLeavesThere() {
        // the tree path (FeedbackBatchResource.fromTree) throws for these, as it did before the reader existed
        assertThatThrownBy(() -> MAPPER.readTree("[" + OK + ",{\"text\":\"bad \\q escape\"}]")).isInstanceOf(JsonProcessingException.class);
        assertThatThrownBy(() -> MAPPER.readTree("[" + OK + "] x")).isInstanceOf(JsonProcessingException.class);
    }
}
