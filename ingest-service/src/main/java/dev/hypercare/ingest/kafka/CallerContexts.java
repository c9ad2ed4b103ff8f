package dev.hypercare.ingest.kafka;

import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.concurrent.Executor;

/**
 * Where a request's continuation runs once something it waited for completes elsewhere (an ack on the producer's
 * network thread, a Mutiny timer, another request's completion): back on the caller's Vert.x context, or, for a caller
 * that was on none (a worker thread, a timer), on Mutiny's default executor. Never on the thread that completed it.
 */
public final class CallerContexts {

    private CallerContexts() {
    }

    /** Runs tasks on {@code context}, or on Mutiny's default executor when it is null. */
    public static Executor of(Context context) {
        return context != null ? task -> context.runOnContext(ignored -> task.run()) : OFF_CONTEXT;
    }

    /** {@link #of} the calling thread's context. */
    public static Executor current() {
        return of(Vertx.currentContext());
    }

    /** Looked up per task, as Mutiny may be reconfigured. */
    private static final Executor OFF_CONTEXT = command -> Infrastructure.getDefaultExecutor().execute(command);
}
