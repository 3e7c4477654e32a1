package io.expressrefund.console;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A horizontal bar chart of the replay page: one or two series (before and after) per row. The page carries its
 * numbers twice: as a table (what a screen reader, or a browser without script, reads) and as JSON in the
 * figure's {@code data-chart} attribute, which {@code /console/static/charts.js} draws with uPlot (a webjar served
 * by the service). An attribute rather than an inline script block: the policy allows no inline script, and Qute's
 * HTML escaping is exactly right for an attribute value.
 */
public record BarChart(String id, String title, List<String> series, List<Row> rows) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A row: its label and one value per series. */
    public record Row(String label, List<Long> values) {
    }

    record Value(String label, long before, long after) {
    }

    /** A chart of one series ({@code afterLabel} null) or two. */
    static BarChart of(String id, String title, String beforeLabel, String afterLabel, List<Value> values) {
        List<String> series = afterLabel == null ? List.of(beforeLabel) : List.of(beforeLabel, afterLabel);
        List<Row> rows = new ArrayList<>(values.size());
        for (Value value : values) {
            rows.add(new Row(value.label(), afterLabel == null ? List.of(value.before()) : List.of(value.before(), value.after())));
        }
        return new BarChart(id, title, series, rows);
    }

    /** What charts.js draws: {"series": [...], "labels": [...], "values": [[...], ...]} (values per series). */
    public String json() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("title", title);
        data.put("series", series);
        data.put("labels", rows.stream().map(Row::label).toList());
        List<List<Long>> values = new ArrayList<>();
        for (int s = 0; s < series.size(); s++) {
            int index = s;
            values.add(rows.stream().map(row -> row.values().get(index)).toList());
        }
        data.put("values", values);
        try {
            return JSON.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a chart's numbers cannot be written as JSON", e);
        }
    }
}
