package io.github.stackedrnn.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The binary sequence format: every kind round-trips; truncated, unclosed, corrupt and hostile files are refused by name. */
class SequenceFileTest {
    @TempDir
    Path dir;

    private static List<SequenceExample> readAll(SequenceDataset d) {
        List<SequenceExample> out = new ArrayList<>();
        try (SequenceReader r = d.open(null)) {
            SequenceExample e;
            while ((e = r.next()) != null) {
                out.add(e);
            }
        }
        return out;
    }

    private static float[][] steps(int length, int features, float base) {
        float[][] s = new float[length][features];
        for (int t = 0; t < length; t++) {
            for (int f = 0; f < features; f++) {
                s[t][f] = base + t * 0.25f - f;
            }
        }
        return s;
    }

    @Test
    void everyKind_roundTrips() throws IOException {
        for (SequenceExample.Kind kind : SequenceExample.Kind.values()) {
            int units = kind == SequenceExample.Kind.ROW || kind == SequenceExample.Kind.STEP_ROWS ? 3 : 0;
            Path p = dir.resolve(kind + ".seq");
            List<SequenceExample> written = new ArrayList<>();
            try (SequenceFileWriter w = SequenceFileWriter.create(p, 2, kind, units)) {
                for (int i = 0; i < 5; i++) {
                    float[][] s = steps(1 + i, 2, i);
                    SequenceExample e;
                    switch (kind) {
                        case CLASS: e = SequenceExample.of(s, i); break;
                        case STEP_CLASSES: e = SequenceExample.ofSteps(s, new int[s.length]); break;
                        case ROW: e = SequenceExample.of(s, new float[] {i, -i, 0.5f}); break;
                        case STEP_ROWS: e = SequenceExample.ofSteps(s, steps(s.length, 3, -i)); break;
                        default: e = SequenceExample.unlabelled(s); break;
                    }
                    w.write(e);
                    written.add(e);
                }
            }
            SequenceFileDataset d = SequenceFileDataset.of(p);
            assertThat(d.size()).hasValue(5);
            assertThat(d.kind()).isEqualTo(kind);
            List<SequenceExample> read = readAll(d);
            assertThat(read).hasSize(5);
            for (int i = 0; i < 5; i++) {
                SequenceExample a = written.get(i);
                SequenceExample b = read.get(i);
                assertThat(b.kind()).isEqualTo(kind);
                assertThat(b.steps()).isDeepEqualTo(a.steps());
                assertThat(b.label()).isEqualTo(a.label());
                assertThat(b.stepLabels()).isEqualTo(a.stepLabels());
                assertThat(b.target()).isEqualTo(a.target());
                assertThat(b.stepTargets()).isDeepEqualTo(a.stepTargets());
                assertThat(b.source()).isEqualTo(p + " record " + i);
            }
        }
    }

    @Test
    void writer_refusesAMismatchedSequence_beforeWritingAnyOfIt() throws IOException {
        Path p = dir.resolve("a.seq");
        try (SequenceFileWriter w = SequenceFileWriter.create(p, 2, SequenceExample.Kind.CLASS, 0)) {
            w.write(SequenceExample.of(steps(3, 2, 0), 1));
            assertThatThrownBy(() -> w.write(SequenceExample.of(new float[][] {{1, 2}, {3}}, 1)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Record 1: step 1 must have 2 values, has 1");
            assertThatThrownBy(() -> w.write(SequenceExample.of(new float[][] {{1, Float.NaN}}, 1)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("values must be finite");
            assertThatThrownBy(() -> w.write(SequenceExample.of(steps(2, 2, 0), new float[] {1})))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected a sequence with targets CLASS, got ROW");
            w.write(SequenceExample.of(steps(2, 2, 0), 0));
        }
        List<SequenceExample> read = readAll(SequenceFileDataset.of(p));
        assertThat(read).hasSize(2);
        assertThat(read.get(1).length()).isEqualTo(2);
    }

    private Path written(int count) throws IOException {
        Path p = dir.resolve("w" + count + ".seq");
        try (SequenceFileWriter w = SequenceFileWriter.create(p, 2, SequenceExample.Kind.CLASS, 0)) {
            for (int i = 0; i < count; i++) {
                w.write(SequenceExample.of(steps(4, 2, i), i % 2));
            }
        }
        return p;
    }

    @Test
    void truncatedFile_isRefusedNamingTheRecord() throws IOException {
        Path p = written(3);
        byte[] all = Files.readAllBytes(p);
        // each record: 4 (length) + 4*2*4 (values) + 4 (class) = 40 bytes after the 36-byte header
        assertThat(all.length).isEqualTo(36 + 3 * 40);
        Files.write(p, Arrays.copyOf(all, all.length - 10));
        SequenceFileDataset d = SequenceFileDataset.of(p);
        assertThatThrownBy(() -> readAll(d)).isInstanceOf(DatasetException.class)
                .hasMessageContaining(p + " record 2 (byte 116)").hasMessageContaining("truncated");
        Files.write(p, Arrays.copyOf(all, 36 + 40 + 2));
        assertThatThrownBy(() -> readAll(SequenceFileDataset.of(p))).isInstanceOf(DatasetException.class)
                .hasMessageContaining("record 1").hasMessageContaining("the file ends");
    }

    @Test
    void trailingBytes_andAnUnclosedWriter_areRefused() throws IOException {
        Path p = written(2);
        Files.write(p, new byte[] {1, 2, 3}, StandardOpenOption.APPEND);
        assertThatThrownBy(() -> readAll(SequenceFileDataset.of(p))).isInstanceOf(DatasetException.class)
                .hasMessageContaining("3 bytes follow the last of its 2 records");
        Path unclosed = dir.resolve("open.seq");
        SequenceFileWriter w = SequenceFileWriter.create(unclosed, 2, SequenceExample.Kind.CLASS, 0);
        w.write(SequenceExample.of(steps(1 << 17, 2, 0), 1)); // more than the buffer: bytes reach the file
        assertThatThrownBy(() -> SequenceFileDataset.of(unclosed)).isInstanceOf(DatasetException.class)
                .hasMessageContaining("its writer was not closed");
        w.close();
        assertThat(readAll(SequenceFileDataset.of(unclosed))).hasSize(1);
    }

    @Test
    void hostileHeaderAndRecord_areRefusedWithoutAllocatingWhatTheyDeclare() throws IOException {
        Path p = written(2);
        try (FileChannel c = FileChannel.open(p, StandardOpenOption.WRITE)) {
            c.write(ByteBuffer.allocate(4).putInt(0, Integer.MAX_VALUE), 36); // record 0 declares 2^31 - 1 steps
        }
        assertThatThrownBy(() -> readAll(SequenceFileDataset.of(p))).isInstanceOf(DatasetException.class)
                .hasMessageContaining("record 0 (byte 36): declares 2147483647 steps; expected [1, 4]");
        Path q = written(2);
        try (FileChannel c = FileChannel.open(q, StandardOpenOption.WRITE)) {
            c.write(ByteBuffer.allocate(4).putInt(0, Integer.MAX_VALUE), 32); // the header's longest: 2^31 - 1
            c.write(ByteBuffer.allocate(4).putInt(0, 1_000_000_000), 36);     // record 0: 10^9 steps, 8 GB
        }
        assertThatThrownBy(() -> readAll(SequenceFileDataset.of(q))).isInstanceOf(DatasetException.class)
                .hasMessageContaining("needs 8000000004 bytes but the file holds 76 more: truncated");
        Path r = written(1);
        try (FileChannel c = FileChannel.open(r, StandardOpenOption.WRITE)) {
            c.write(ByteBuffer.allocate(4).putInt(0, 9), 16); // kind 9
        }
        assertThatThrownBy(() -> SequenceFileDataset.of(r)).isInstanceOf(DatasetException.class)
                .hasMessageContaining("declares target kind 9; expected 0 to 4");
        Path s = dir.resolve("not.seq");
        Files.writeString(s, "this is not a sequence file, only text long enough");
        assertThatThrownBy(() -> SequenceFileDataset.of(s)).isInstanceOf(DatasetException.class)
                .hasMessageContaining("is not a sequence file");
        Path t = dir.resolve("short.seq");
        Files.write(t, new byte[] {'S', 'R'});
        assertThatThrownBy(() -> SequenceFileDataset.of(t)).isInstanceOf(DatasetException.class)
                .hasMessageContaining("is 2 bytes long, shorter than the 36-byte header");
    }
}
