package io.webhookbridge;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The samples of a Prometheus text scrape, looked up by metric name and labels. */
public final class PrometheusScrape {

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})?\\s+(\\S+)$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private record Sample(String name, Map<String, String> labels, double value) {
    }

    private final String text;
    private final List<Sample> samples = new ArrayList<>();

    public PrometheusScrape(String text) {
        this.text = text;
        for (String line : text.split("\n")) {
            Matcher m = SAMPLE.matcher(line);
            if (line.startsWith("#") || !m.matches()) {
                continue;
            }
            Map<String, String> labels = new java.util.HashMap<>();
            if (m.group(2) != null) {
                Matcher l = LABEL.matcher(m.group(2));
                while (l.find()) {
                    labels.put(l.group(1), l.group(2));
                }
            }
            samples.add(new Sample(m.group(1), labels, Double.parseDouble(m.group(3))));
        }
    }

    public String text() {
        return text;
    }

    /** The value of the one sample with this name and these labels (among others); 0 when there is none. */
    public double value(String name, String... labelPairs) {
        List<Sample> found = samples.stream().filter(s -> s.name.equals(name) && has(s.labels, labelPairs)).toList();
        if (found.size() > 1) {
            throw new IllegalArgumentException(found.size() + " samples of " + name + " match " + List.of(labelPairs));
        }
        return found.isEmpty() ? 0 : found.get(0).value;
    }

    /** Whether any sample has this name. */
    public boolean has(String name) {
        return samples.stream().anyMatch(s -> s.name.equals(name));
    }

    private static boolean has(Map<String, String> labels, String[] pairs) {
        for (int i = 0; i < pairs.length; i += 2) {
            if (!pairs[i + 1].equals(labels.get(pairs[i]))) {
                return false;
            }
        }
        return true;
    }
}
