package io.github.stackedrnn.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The shuffle buffer, length bucketing and the CSV reader's rules. */
class StagesTest {
    @TempDir
    Path dir;

    /** Sequence i has i + 1 steps, so its length names it. */
    private static SequenceDataset numbered(int n) {
        List<SequenceExample> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(SequenceExample.of(new float[i + 1][1], 0));
        }
        return SequenceDataset.of(out);
    }

    /** A source that keeps its order whatever the stream, as a file read front to back does. */
    private static SequenceDataset ordered(SequenceDataset d) {
        return new SequenceDataset() {
            @Override
            public SequenceReader open(SplittableRandom random) {
                return d.open(null);
            }

            @Override
            public java.util.OptionalLong size() {
                return d.size();
            }
        };
    }

    private static List<Integer> ids(SequenceDataset d, SplittableRandom random) {
        List<Integer> out = new ArrayList<>();
        try (SequenceReader r = d.open(random)) {
            SequenceExample e;
            while ((e = r.next()) != null) {
                out.add(e.length() - 1);
            }
        }
        return out;
    }

    @Test
    void shuffleBuffer_isAPermutation_boundedInReach_andDeterministicPerSeed() {
        SequenceDataset d = ordered(numbered(200)).shuffled(10);
        List<Integer> a = ids(d, new SplittableRandom(1));
        assertThat(a).containsExactlyInAnyOrderElementsOf(ids(d, null));
        assertThat(a).isNotEqualTo(ids(d, null));
        assertThat(ids(d, new SplittableRandom(1))).isEqualTo(a);
        assertThat(ids(d, new SplittableRandom(2))).isNotEqualTo(a);
        // a buffer of 10 can hand out sequence i only once i has been read: position p holds an id < p + 10
        for (int p = 0; p < a.size(); p++) {
            assertThat(a.get(p)).isLessThan(p + 10);
        }
        assertThat(ids(ordered(numbered(20)).shuffled(1), new SplittableRandom(3))).isEqualTo(ids(numbered(20), null));
        assertThatThrownBy(() -> numbered(3).shuffled(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("`bufferSize`, expected a positive integer, got 0");
    }

    @Test
    void bucketing_sortsEachWindow_ascendingThenDescending() {
        List<SequenceExample> list = new ArrayList<>();
        int[] lengths = {5, 1, 3, 9, 2, 2, 7};
        for (int length : lengths) {
            list.add(SequenceExample.of(new float[length][1], 0));
        }
        List<Integer> out = new ArrayList<>();
        try (SequenceReader r = SequenceDataset.of(list).bucketedByLength(3).open(null)) {
            SequenceExample e;
            while ((e = r.next()) != null) {
                out.add(e.length());
            }
        }
        assertThat(out).containsExactly(1, 3, 5, 9, 2, 2, 7);
    }

    @Test
    void csv_headerBlankLinesStepTargetsAndDelimiter() throws Exception {
        Path f = dir.resolve("a.csv");
        Files.writeString(f, "x;y;t1;t2\r\n1;2;0.5;1\r\n\r\n3;4;-1;2\r\n");
        CsvSequenceDataset d = CsvSequenceDataset.builder(List.of(f)).features(2).stepTargetColumns(2).header(true).delimiter(';').build();
        SequenceExample e;
        try (SequenceReader r = d.open(null)) {
            e = r.next();
            assertThat(r.next()).isNull();
        }
        assertThat(e.steps()).isDeepEqualTo(new float[][] {{1, 2}, {3, 4}});
        assertThat(e.stepTargets()).isDeepEqualTo(new float[][] {{0.5f, 1}, {-1, 2}});
        assertThat(e.source()).isEqualTo(f.toString());
    }

    private DatasetException csvError(String content, CsvSequenceDataset.Builder builder) throws Exception {
        Path f = dir.resolve("bad.csv");
        Files.writeString(f, content);
        CsvSequenceDataset d = builder.build();
        try (SequenceReader r = d.open(null)) {
            r.next();
        } catch (DatasetException x) {
            return x;
        }
        throw new AssertionError("no error for " + content);
    }

    @Test
    void csv_badData_isNamedByFileAndLine() throws Exception {
        Path f = dir.resolve("bad.csv");
        CsvSequenceDataset.Builder b = CsvSequenceDataset.builder(dir).features(2).classLabel();
        assertThat(csvError("1,2,0\n1,2\n", b)).hasMessage(f + ":2: expected 3 columns (2 features + 1 target), got 2");
        assertThat(csvError("1,2,0\n1,2,0,4\n", b)).hasMessage(f + ":2: expected 3 columns (2 features + 1 target), got 4");
        assertThat(csvError("1,2,0\n1,x,0\n", b)).hasMessage(f + ":2: column 2: expected a number, got 'x'");
        assertThat(csvError("NaN,2,0\n", b)).hasMessage(f + ":1: column 1: expected a finite number, got 'NaN'");
        assertThat(csvError("1,2,0.5\n", b)).hasMessage(f + ":1: column 3: expected a class index (an integer >= 0), got 0.5");
        assertThat(csvError("\n\n", b)).hasMessage(f + ": has no step; every sequence needs at least one line of data");
        assertThat(csvError("1,2," + "9".repeat(1000) + "\n", b).getMessage()).contains(f + ":1: line longer than 256 characters");
        assertThat(csvError("1,2,0\n1,2,0\n1,2,0\n", CsvSequenceDataset.builder(dir).features(2).classLabel().maxSteps(2)))
                .hasMessage(f + ":3: more than 2 steps (maxSteps) in one sequence");
        assertThatThrownBy(() -> CsvSequenceDataset.builder(dir).features(2).classLabel().targetColumns(2))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("already set to CLASS");
        assertThatThrownBy(() -> CsvSequenceDataset.builder(dir).classLabel().build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("features(int) must be set");
    }
}
