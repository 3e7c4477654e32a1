package io.expressrefund.replay;

import java.io.BufferedInputStream;
import java.io.BufferedWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;

/**
 * The changed decisions of one replay, one JSON line each in a file of its own, so that memory stays flat
 * however many change. A page starts at a byte offset, which is the cursor callers get.
 */
final class ChangeLog implements AutoCloseable {
    private final Path file;
    private final ObjectWriter writer;
    private final ObjectReader reader;
    private BufferedWriter out;

    ChangeLog(Path file, ObjectMapper json) throws IOException {
        this.file = file;
        // ASCII only: a line's length in bytes is its length in characters.
        this.writer = json.writerFor(ReplayChange.class).with(JsonGenerator.Feature.ESCAPE_NON_ASCII);
        this.reader = json.readerFor(ReplayChange.class);
        this.out = Files.newBufferedWriter(file, StandardCharsets.US_ASCII);
    }

    synchronized void append(ReplayChange change) throws IOException {
        out.write(writer.writeValueAsString(change));
        out.write('\n');
    }

    /** Makes what was appended readable; called when the replay ends. */
    @Override
    public synchronized void close() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            out = null;
        }
    }

    /** Up to {@code limit} changes from byte {@code offset}, and the offset after them (-1 at the end). */
    synchronized Page read(long offset, int limit) throws IOException {
        if (out != null) {
            out.flush();
        }
        List<ReplayChange> items = new ArrayList<>();
        long position = offset;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            in.skipNBytes(Math.min(offset, Files.size(file)));
            ByteArrayOutputStream line = new ByteArrayOutputStream(512);
            int next;
            while (items.size() < limit && (next = in.read()) >= 0) {
                position++;
                if (next != '\n') {
                    line.write(next);
                    continue;
                }
                items.add(reader.readValue(line.toByteArray()));
                line.reset();
            }
            boolean more = items.size() == limit && in.read() >= 0;
            return new Page(items, more ? position : -1);
        }
    }

    void delete() {
        close();
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a temporary file; the OS cleans it up at worst
        }
    }

    record Page(List<ReplayChange> items, long next) {
    }
}
