package io.webhookbridge.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * What a run found wrong (a problem makes the run exit non-zero) and what a reader of the report should know (a note).
 * Every phase adds to the same two lists; the report prints them.
 */
final class Problems {

    private static final List<String> PROBLEMS = new ArrayList<>();
    private static final List<String> NOTES = new ArrayList<>();

    private Problems() {
    }

    static synchronized void problem(String s) {
        PROBLEMS.add(s);
    }

    static synchronized void note(String s) {
        NOTES.add(s);
    }

    static synchronized List<String> problems() {
        return List.copyOf(PROBLEMS);
    }

    static synchronized List<String> notes() {
        return List.copyOf(NOTES);
    }

    static synchronized boolean none() {
        return PROBLEMS.isEmpty();
    }
}
