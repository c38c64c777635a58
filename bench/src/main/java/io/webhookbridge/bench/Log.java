package io.webhookbridge.bench;

import java.time.LocalTime;
import java.time.format.DateTimeFormatter;

/** The harness's progress lines on standard output. */
final class Log {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private Log() {
    }

    static void log(String s) {
        System.out.println("[bench " + LocalTime.now().format(TIME) + "] " + s);
    }
}
