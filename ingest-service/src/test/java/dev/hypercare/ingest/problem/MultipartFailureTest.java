package dev.hypercare.ingest.problem;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Which failures {@link ProblemMappers} answers as the client's malformed body (400) rather than an unexpected
 * failure (500): decided by the frame that threw, with stacks shaped like the ones the running service logged.
 */
class MultipartFailureTest {

    private static final String PARSER = "org.jboss.resteasy.reactive.server.core.multipart.MultiPartParserDefinition$MultiPartUploadHandler";

    @Test
    void shouldTakeAFailureThrownByTheMultipartParserForTheClientsEvenThroughJdkAndHeaderUtilityFrames() {
        var unclosedQuote = failure(new StringIndexOutOfBoundsException(),
                frame("java.lang.String", "charAt"),
                frame("org.jboss.resteasy.reactive.common.headers.HeaderUtil", "extractQuotedValueFromHeader"),
                frame(PARSER, "beginPart"));
        var notAMediaType = failure(new IllegalArgumentException(),
                frame("org.jboss.resteasy.reactive.common.headers.MediaTypeHeaderDelegate", "internalParse"),
                frame("jakarta.ws.rs.core.MediaType", "valueOf"),
                frame(PARSER, "isText"));
        var cutOff = failure(new java.io.IOException("Connection terminated reading multipart data"),
                frame(PARSER + "$NonBlockingParseTask", "done"));

        assertThat(ProblemMappers.raisedByTheMultipartParser(unclosedQuote)).isTrue();
        assertThat(ProblemMappers.raisedByTheMultipartParser(notAMediaType)).isTrue();
        assertThat(ProblemMappers.raisedByTheMultipartParser(cutOff)).isTrue();
    }

    @Test
    void shouldKeepAFailureInsideAResourceUnexpectedEvenWithParserFramesFurtherDown() {
        var inResource = failure(new NullPointerException(),
                frame("java.util.Objects", "requireNonNull"),
                frame("dev.hypercare.ingest.channel.email.InboundEmailResource", "submit"),
                frame(PARSER, "endPart"));
        var elsewhere = failure(new IllegalStateException(),
                frame("org.jboss.resteasy.reactive.server.handlers.InvocationHandler", "handle"));

        assertThat(ProblemMappers.raisedByTheMultipartParser(inResource)).isFalse();
        assertThat(ProblemMappers.raisedByTheMultipartParser(elsewhere)).isFalse();
        assertThat(ProblemMappers.raisedByTheMultipartParser(failure(new RuntimeException()))).isFalse();
    }

    private static StackTraceElement frame(String type, String method) {
        return new StackTraceElement(type, method, null, -1);
    }

    private static <T extends Throwable> T failure(T failure, StackTraceElement... frames) {
        failure.setStackTrace(frames);
        return failure;
    }
}
