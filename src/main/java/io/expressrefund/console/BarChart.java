package io.expressrefund.console;

import java.util.ArrayList;
import java.util.List;

/**
 * A horizontal bar chart drawn on the server as SVG: each row has a "before" and an "after" bar, scaled to the
 * largest value. SVG attributes, not inline styles, so the page needs no script and no 'unsafe-inline'.
 */
public record BarChart(String title, String beforeLabel, String afterLabel, List<Row> rows, int height) {
    static final int WIDTH = 300;
    static final int ROW = 34;

    public record Row(String label, long before, long after, int beforeWidth, int afterWidth, int y) {
    }

    record Value(String label, long before, long after) {
    }

    static BarChart of(String title, String beforeLabel, String afterLabel, List<Value> values) {
        long max = 1;
        for (Value value : values) {
            max = Math.max(max, Math.max(value.before(), value.after()));
        }
        List<Row> rows = new ArrayList<>(values.size());
        int y = 0;
        for (Value value : values) {
            rows.add(new Row(value.label(), value.before(), value.after(), scale(value.before(), max),
                    scale(value.after(), max), y));
            y += ROW;
        }
        return new BarChart(title, beforeLabel, afterLabel, rows, Math.max(ROW, y));
    }

    private static int scale(long value, long max) {
        return value == 0 ? 0 : (int) Math.max(2, value * WIDTH / max);
    }
}
