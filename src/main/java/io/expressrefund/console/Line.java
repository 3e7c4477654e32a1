package io.expressrefund.console;

import java.util.ArrayList;
import java.util.List;

/** One numbered line of a file as the console shows it. */
public record Line(int number, String text, boolean problem) {

    static List<Line> of(String text) {
        String[] texts = text.split("\n", -1);
        List<Line> lines = new ArrayList<>(texts.length);
        for (int i = 0; i < texts.length; i++) {
            lines.add(new Line(i + 1, texts[i], false));
        }
        return lines;
    }
}
