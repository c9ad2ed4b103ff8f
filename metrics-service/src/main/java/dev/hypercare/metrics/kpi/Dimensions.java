package dev.hypercare.metrics.kpi;

/** The dimension labels of the KPI contract ({@code Kpi.dimension}). */
public final class Dimensions {

    public static final String ALL = "all";

    private Dimensions() {
    }

    public static String category(Object category) {
        return "category=" + category;
    }

    public static String priority(Object priority) {
        return "priority=" + priority;
    }

    public static String channel(Object channel) {
        return "channel=" + channel;
    }

    public static String item(String feedbackId) {
        return "item=" + feedbackId;
    }
}
