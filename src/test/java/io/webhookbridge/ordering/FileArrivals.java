package io.webhookbridge.ordering;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The order in which files appear in a file target's directory, from the operating system's own notifications
 * (inotify on Linux keeps their order): a file target writes through a temporary name and renames it, so a file's
 * appearance under its final name is the moment it was delivered.
 */
final class FileArrivals implements AutoCloseable {

    private final WatchService watcher;
    private final List<String> names = new ArrayList<>();
    private final Thread reader;
    /** The watcher lost events: the recorded order is incomplete. */
    private volatile boolean overflowed;

    FileArrivals(Path dir) throws IOException {
        watcher = FileSystems.getDefault().newWatchService();
        dir.register(watcher, StandardWatchEventKinds.ENTRY_CREATE);
        reader = new Thread(this::read, "file-arrivals");
        reader.setDaemon(true);
        reader.start();
    }

    private void read() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                WatchKey key = watcher.poll(100, TimeUnit.MILLISECONDS);
                if (key == null) {
                    continue;
                }
                for (WatchEvent<?> event : key.pollEvents()) {
                    if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
                        overflowed = true;
                        continue;
                    }
                    String name = event.context().toString();
                    if (!name.startsWith(".")) {
                        synchronized (names) {
                            names.add(name);
                        }
                    }
                }
                key.reset();
            }
        } catch (InterruptedException | java.nio.file.ClosedWatchServiceException e) {
            // closed
        }
    }

    boolean overflowed() {
        return overflowed;
    }

    /** The names of the delivered files, in the order they appeared. */
    List<String> names() {
        synchronized (names) {
            return List.copyOf(names);
        }
    }

    @Override
    public void close() throws IOException {
        reader.interrupt();
        watcher.close();
    }
}
