package com.questportal.sandbox.logs;

import com.questportal.sandbox.state.JsonValues;
import com.questportal.sandbox.state.StateFile;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The log groups, streams and events of one account and region. Group and stream metadata is a
 * small file rewritten on change; events are appended to a file of their own as they arrive, so
 * writing a batch costs one append however many events the region holds.
 */
final class LogStore {

    /** A log group; {@code epoch} tells its events apart from those of a deleted group of the same name. */
    static final class Group {
        final String name;
        final String epoch;
        final long created;
        Integer retentionDays;
        final TreeMap<String, Stream> streams = new TreeMap<>();

        Group(String name, String epoch, long created, Integer retentionDays) {
            this.name = name;
            this.epoch = epoch;
            this.created = created;
            this.retentionDays = retentionDays;
        }
    }

    /** A log stream; its events are kept in timestamp order. */
    static final class Stream {
        final String name;
        final long created;
        final List<Event> events = new ArrayList<>();
        long lastIngestion;
        long storedBytes;

        Stream(String name, long created) {
            this.name = name;
            this.created = created;
        }

        void add(Event event) {
            int at = events.size();
            while (at > 0 && events.get(at - 1).compareTo(event) > 0) {
                at--;
            }
            events.add(at, event);
            lastIngestion = Math.max(lastIngestion, event.ingestion());
            storedBytes += event.message().getBytes(StandardCharsets.UTF_8).length;
        }
    }

    /** One log event; {@code sequence} is unique in the account and region and orders events of the same millisecond. */
    record Event(long timestamp, String message, long ingestion, long sequence) implements Comparable<Event> {

        @Override
        public int compareTo(Event other) {
            int byTime = Long.compare(timestamp, other.timestamp);
            return byTime != 0 ? byTime : Long.compare(sequence, other.sequence);
        }
    }

    private final Path directory;
    final TreeMap<String, Group> groups = new TreeMap<>();
    private long nextSequence;

    /** The sequence the next event will get: every event so far has a smaller one. */
    long nextSequence() {
        return nextSequence;
    }

    LogStore(Path directory) {
        this.directory = directory;
        load();
    }

    Group create(String name, long now) {
        Group group = new Group(name, UUID.randomUUID().toString(), now, null);
        groups.put(name, group);
        saveMetadata();
        return group;
    }

    void remove(String name) {
        groups.remove(name);
        saveMetadata();
    }

    Stream createStream(Group group, String name, long now) {
        Stream stream = new Stream(name, now);
        group.streams.put(name, stream);
        saveMetadata();
        return stream;
    }

    void removeStream(Group group, String name) {
        group.streams.remove(name);
        saveMetadata();
    }

    /** Adds a batch to a stream and appends it to the event file before it is visible. */
    void append(Group group, Stream stream, List<long[]> timesAndIngestion, List<String> messages) {
        StringBuilder lines = new StringBuilder();
        List<Event> events = new ArrayList<>(messages.size());
        for (int i = 0; i < messages.size(); i++) {
            Event event = new Event(timesAndIngestion.get(i)[0], messages.get(i), timesAndIngestion.get(i)[1], nextSequence++);
            events.add(event);
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("g", group.epoch);
            line.put("s", stream.name);
            line.put("t", event.timestamp());
            line.put("i", event.ingestion());
            line.put("q", event.sequence());
            line.put("m", event.message());
            lines.append(new String(JsonValues.write(line), StandardCharsets.UTF_8)).append('\n');
        }
        try {
            Files.createDirectories(directory);
            Files.writeString(directory.resolve("events.jsonl"), lines, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append log events under " + directory, e);
        }
        events.forEach(stream::add);
    }

    void saveMetadata() {
        List<Object> documents = new ArrayList<>();
        groups.values().forEach(group -> {
            Map<String, Object> document = new LinkedHashMap<>();
            document.put("name", group.name);
            document.put("epoch", group.epoch);
            document.put("created", group.created);
            document.put("retentionDays", group.retentionDays);
            List<Object> streams = new ArrayList<>();
            group.streams.values().forEach(stream -> streams.add(Map.of("name", stream.name, "created", stream.created)));
            document.put("streams", streams);
            documents.add(document);
        });
        new StateFile(directory.resolve("groups.json")).write(JsonValues.write(documents));
    }

    @SuppressWarnings("unchecked")
    private void load() {
        new StateFile(directory.resolve("groups.json")).read().ifPresent(bytes -> {
            for (Map<String, Object> document : (List<Map<String, Object>>) JsonValues.read(bytes)) {
                Object retention = document.get("retentionDays");
                Group group = new Group((String) document.get("name"), (String) document.get("epoch"),
                        ((Number) document.get("created")).longValue(), retention == null ? null : ((Number) retention).intValue());
                for (Map<String, Object> stream : (List<Map<String, Object>>) document.get("streams")) {
                    group.streams.put((String) stream.get("name"),
                            new Stream((String) stream.get("name"), ((Number) stream.get("created")).longValue()));
                }
                groups.put(group.name, group);
            }
        });
        Path events = directory.resolve("events.jsonl");
        if (!Files.exists(events)) {
            return;
        }
        Map<String, Group> byEpoch = new LinkedHashMap<>();
        groups.values().forEach(group -> byEpoch.put(group.epoch, group));
        try (BufferedReader in = Files.newBufferedReader(events, StandardCharsets.UTF_8)) {
            // A line that does not end with } was cut short by a crash while it was written: it never became visible.
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.isBlank() || !line.endsWith("}")) {
                    continue;
                }
                Map<String, Object> event = (Map<String, Object>) JsonValues.read(line.getBytes(StandardCharsets.UTF_8));
                long sequence = ((Number) event.get("q")).longValue();
                nextSequence = Math.max(nextSequence, sequence + 1);
                Group group = byEpoch.get((String) event.get("g"));
                Stream stream = group == null ? null : group.streams.get((String) event.get("s"));
                if (stream != null) {
                    stream.add(new Event(((Number) event.get("t")).longValue(), (String) event.get("m"),
                            ((Number) event.get("i")).longValue(), sequence));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read log events under " + directory, e);
        }
    }
}
