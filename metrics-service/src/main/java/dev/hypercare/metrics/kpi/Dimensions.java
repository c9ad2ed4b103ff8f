package dev.hypercare.metrics.kpi;

/** The dimension labels of the KPI contract ({@code Kpi.dimension}). */
public final class Dimensions {

    public static final String ALL = "all";
    /** The dimension kinds, as named in {@code hypercare.kpis.windowed-dimensions}. */
    public static final String CATEGORY = "category";
    public static final String PRIORITY = "priority";
    public static final String CHANNEL = "channel";

    private Dimensions() {
    }

    public static String category(Object category) {
        return CATEGORY + "=" + category;
    }

    public static String priority(Object priority) {
        return PRIORITY + "=" + priority;
    }

    public static String channel(Object channel) {
        return CHANNEL + "=" + channel;
    }

    public static String item(String feedbackId) {
        return "item=" + feedbackId;
    }

    public static boolean isItem(String dimension) {
        return dimension != null && dimension.startsWith("item=");
    }

    /** {@code all}, or the part before '=' ({@code category}, {@code priority}, ...). */
    public static String kind(String dimension) {
        int eq = dimension.indexOf('=');
        return eq < 0 ? dimension : dimension.substring(0, eq);
    }
}
