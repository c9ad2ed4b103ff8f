package dev.hypercare.ingest.feedback;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hypercare.http.Problem;
import dev.hypercare.ingest.http.StrictUtf8;
import dev.hypercare.ingest.intake.IntakeStep;
import dev.hypercare.ingest.metrics.IngestMetrics;
import dev.hypercare.ingest.problem.ProblemException;
import dev.hypercare.ingest.problem.ProblemMappers;
import dev.hypercare.ingest.security.ApiKeyRegistry;
import dev.hypercare.ingest.security.Caller;
import dev.hypercare.ingest.security.CurrentCaller;
import dev.hypercare.ingest.security.RequiresScope;
import dev.hypercare.ingest.security.Scope;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/**
 * {@code POST /api/v1/feedback/batch}: a JSON array of up to {@code hypercare.ingest.batch.max-items}
 * feedback items, each with its own result.
 *
 * <p>Rule: a batch is never half-lost. Each item is validated on its own (one bad item does not
 * sink the others) and every valid item is published and awaited; the answer lists, per index,
 * ACCEPTED with its id, DUPLICATE with the original id, REJECTED with the fields at fault, or
 * FAILED when Kafka did not acknowledge it. 200 when no item FAILED; otherwise 503 with
 * Retry-After and the same per-item body, so the client resends (at least) the FAILED ones.
 * Resending the whole batch, or only its FAILED items, is safe when items carry a {@code clientId} or the batch an
 * {@code Idempotency-Key}: an item then uses {@code <key>#<digest of the item>#<n-th such item>}, so accepted items come back DUPLICATE
 * whatever their position in the resent batch. (By position, {@code <key>#<i>}, the one FAILED item of [A, B, C]
 * resent alone as [C] took A's key, came back DUPLICATE with A's id, and was never published.)
 */
@Path(FeedbackResource.PATH + "/batch")
public class FeedbackBatchResource {

    private final IntakeStep intake;
    private final CurrentCaller caller;
    private final ObjectMapper mapper;
    private final IngestMetrics metrics;
    private final int maxItems;
    private final BatchItems items;

    public FeedbackBatchResource(IntakeStep intake, CurrentCaller caller, ObjectMapper mapper, IngestMetrics metrics,
                                 @ConfigProperty(name = "hypercare.ingest.batch.max-items", defaultValue = "500") int maxItems) {
        this.intake = intake;
        this.caller = caller;
        this.mapper = mapper;
        this.metrics = metrics;
        this.maxItems = maxItems;
        this.items = new BatchItems(mapper);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RequiresScope(Scope.SUBMIT)
    @SecurityRequirement(name = "apiKey")
    @Operation(summary = "Submit a batch of feedback (JSON array, up to 500 items)",
            description = "Every item gets a result: ACCEPTED, DUPLICATE, REJECTED (with errors) or FAILED (Kafka did not ack).")
    @APIResponse(responseCode = "200", description = "Every item has a definitive result (none FAILED)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = BatchAccepted.class)))
    @APIResponse(responseCode = "400", description = "Not a JSON array, empty, or over the bound",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "Some items FAILED (Kafka did not acknowledge them, or this instance is starting or stopping); the body still lists every item",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = BatchAccepted.class)))
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(type = SchemaType.ARRAY, implementation = FeedbackSubmission.class)))
    public Uni<Response> submit(@HeaderParam(FeedbackResource.IDEMPOTENCY_KEY) String batchKey, byte[] body) throws IOException {
        if (body == null || body.length == 0) {
            throw ProblemException.invalidField("body", "must not be null");
        }
        StrictUtf8.require(body, "body"); // this resource is not @Utf8Checked: see there why
        BatchItems.Read read = items.read(body, maxItems);
        if (read == null) {
            // Not a plain JSON array: the tree answers it (malformed JSON, not an array, trailing tokens) as it always did.
            JsonNode tree = mapper.readTree(body);
            if (tree == null || tree.isMissingNode()) {
                throw ProblemException.invalidField("body", "must not be null");
            }
            return fromTree(batchKey, tree);
        }
        return submitItems(batchKey, read.count(), (i, who, valid) -> {
            BatchItems.Item item = read.items().get(i);
            return item.fault() != null ? List.of(item.fault()) : checked(i, item.submission(), who, batchKey, valid);
        });
    }

    /** What is wrong with item {@code index}, or null after adding it to {@code valid}. */
    @FunctionalInterface
    private interface ItemCheck {
        List<Problem.FieldError> errors(int index, Caller who, List<IntakeStep.BatchItem> valid);
    }

    /** The batch's items checked one by one (a bad one rejected, the rest go on), the valid ones published together. */
    private Uni<Response> submitItems(String batchKey, int count, ItemCheck check) {
        checkBounds(batchKey, count);
        intake.chargeBatch(count);
        Caller who = caller.get();
        BatchItemResult[] results = new BatchItemResult[count];
        List<IntakeStep.BatchItem> valid = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            List<Problem.FieldError> errors = check.errors(i, who, valid);
            if (errors != null) {
                metrics.rejected("batch", "invalid");
                results[i] = BatchItemResult.rejected(i, errors);
            }
        }
        return intake.batch(results, valid);
    }

    private void checkBounds(String batchKey, int count) {
        if (count == 0 || count > maxItems) {
            throw ProblemException.invalidField("body", "must hold between 1 and " + maxItems + " items, not " + count);
        }
        if (batchKey != null && batchKey.length() > FeedbackSubmission.MAX_NAME - 5) {
            throw ProblemException.invalidField(FeedbackResource.IDEMPOTENCY_KEY, "size must be at most " + (FeedbackSubmission.MAX_NAME - 5));
        }
    }

    /** The body as a tree, item by item: the answer for bodies {@link BatchItems} leaves to it. */
    private Uni<Response> fromTree(String batchKey, JsonNode body) {
        if (!body.isArray()) {
            throw ProblemException.invalidField("body", "must be a JSON array of feedback items");
        }
        return submitItems(batchKey, body.size(), (i, who, valid) -> item(i, body.get(i), who, batchKey, valid));
    }

    /** Adds the item to {@code valid} and answers null, or answers what is wrong with it. */
    private List<Problem.FieldError> item(int index, JsonNode node, Caller who, String batchKey, List<IntakeStep.BatchItem> valid) {
        FeedbackSubmission submission;
        try {
            submission = mapper.treeToValue(node, FeedbackSubmission.class);
        } catch (JsonMappingException e) {
            return List.of(ProblemMappers.fieldErrorOf(e));
        } catch (Exception e) {
            return List.of(BatchItems.NOT_AN_OBJECT);
        }
        if (submission == null) {
            return List.of(BatchItems.NOT_AN_OBJECT);
        }
        return checked(index, submission, who, batchKey, valid);
    }

    /** A bound item: adds it to {@code valid} and answers null, or answers what is wrong with it. */
    private List<Problem.FieldError> checked(int index, FeedbackSubmission submission, Caller who, String batchKey,
                                             List<IntakeStep.BatchItem> valid) {
        List<Problem.FieldError> errors = intake.errors(submission, who, IntakeStep.FieldNames.AS_IS);
        if (!errors.isEmpty()) {
            return errors;
        }
        String key = submission.clientId() != null ? submission.clientId()
                : batchKey != null && !batchKey.isBlank() ? occurrence(batchKey + "#" + digest(submission), valid) : null;
        valid.add(new IntakeStep.BatchItem(index, submission, FeedbackResource.scopeOf(submission.sourceApp()), key));
        return null;
    }

    /**
     * The key, numbered by how many identical items came before it in this batch: two users who send the same words
     * from one app's offline queue are two items, and the same batch resent numbers them the same way.
     */
    private static String occurrence(String key, List<IntakeStep.BatchItem> valid) {
        int earlier = 0;
        for (IntakeStep.BatchItem item : valid) {
            if (item.idempotencyKey() != null && item.idempotencyKey().startsWith(key)) {
                earlier++;
            }
        }
        return key + "#" + earlier;
    }

    /**
     * The item's identity under a batch key: its content, as bound (so the same item written with other whitespace or
     * field order is the same item).
     */
    private String digest(FeedbackSubmission submission) {
        try {
            return ApiKeyRegistry.sha256Hex(mapper.writeValueAsString(submission)).substring(0, 32);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a bound submission always serializes", e);
        }
    }
}
