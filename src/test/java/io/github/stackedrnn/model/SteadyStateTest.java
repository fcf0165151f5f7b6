package io.github.stackedrnn.model;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link SteadyState} on made-up rounds: which sequences of times, compile queues and allocations end a warm-up, and when. */
class SteadyStateTest {
    private static final long MB = 1L << 20;

    private static final long ROUND_NANOS = 1_000_000; // each made-up round ends 1 ms after the last
    private static final long[] CEILINGS = {32 * 1024, 64 * 1024};
    private static final double FACTOR = 1.3;
    private static final double[] FACTORS = {FACTOR, FACTOR};

    /**
     * Feeds rounds of (one, batch) times, both kinds allocating {@code allocated[r]} bytes in round r,
     * with the JIT's total compilation time {@code compiledMillis[r]}; returns the 1-based round it
     * stopped at, or 0.
     */
    private static int stopsAt(SteadyState state, long[][] rounds, long[] allocated, long[] compiledMillis) {
        for (int r = 0; r < rounds.length; r++) {
            if (state.add(rounds[r], new long[] {allocated[r], allocated[r]}, (r + 1) * ROUND_NANOS, compiledMillis[r])) {
                return r + 1;
            }
        }
        return 0;
    }

    /** As above, without a JIT time (the JVM does not tell). */
    private static int stopsAt(SteadyState state, long[][] rounds, long[] allocated) {
        return stopsAt(state, rounds, allocated, repeat(-1, rounds.length));
    }

    private static long[][] times(long... oneSequence) {
        long[][] rounds = new long[oneSequence.length][];
        for (int r = 0; r < rounds.length; r++) {
            rounds[r] = new long[] {oneSequence[r], 10 * oneSequence[r]};
        }
        return rounds;
    }

    private static long[] repeat(long value, int n) {
        long[] out = new long[n];
        java.util.Arrays.fill(out, value);
        return out;
    }

    private static long[] concat(long[] a, long[] b) {
        long[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void fallingTimesThenFlatStopAfterTheSteadyRounds() {
        // interpreted, C1, then C2: each step more than FACTOR faster, then flat
        long[] one = concat(new long[] {5_000_000, 2_000_000, 900_000, 300_000, 200_000}, repeat(100_000, 20));
        int stop = stopsAt(new SteadyState(FACTORS, null), times(one), repeat(-1, one.length));
        // the older half of the window (rounds r-9 to r-5) has the flat time as its median once three of
        // its five rounds are flat: rounds 6, 7 and 8, so r = 13; before that it is still falling
        assertThat(stop).isEqualTo(13);
    }

    @Test
    void flatFromTheStartStopsAfterTheMinimumRounds() {
        long[] one = repeat(100_000, 30);
        assertThat(stopsAt(new SteadyState(FACTORS, null), times(one), repeat(-1, one.length)))
                .isEqualTo(Math.max(SteadyState.MIN_ROUNDS, SteadyState.STEADY_ROUNDS));
    }

    @Test
    void slowRoundsAreLeftOutButASlowerPlateauIsNot() {
        long[] one = repeat(100_000, 30);
        one[6] = 1_000_000; // a GC pause
        one[9] = 900_000; // the machine's other work
        one[10] = 40_000; // a lucky round: not a best the others must reach
        assertThat(stopsAt(new SteadyState(FACTORS, null), times(one), repeat(-1, one.length)))
                .isEqualTo(Math.max(SteadyState.MIN_ROUNDS, SteadyState.STEADY_ROUNDS));
        // three slow rounds (10 to 12) make the newer half's median while they are three of its five
        // rounds (r - 4 to r), up to r = 14: a kernel deoptimised and back in C1 for a while
        long[] slower = repeat(100_000, 30);
        for (int r = 9; r < 12; r++) {
            slower[r] = 1_000_000;
        }
        assertThat(stopsAt(new SteadyState(FACTORS, null), times(slower), repeat(-1, slower.length))).isEqualTo(15);
        // and a plateau slower than an earlier one never ends it
        long[] plateau = concat(repeat(100_000, 5), repeat(200_000, 25)); // round 10's window: median 100 µs
        assertThat(stopsAt(new SteadyState(FACTORS, null), times(plateau), repeat(-1, plateau.length))).isZero();
    }

    @Test
    void oneSlowKindKeepsTheRoundUnsteady() {
        long[][] rounds = times(repeat(100_000, 30));
        for (int r = 0; r < rounds.length; r++) {
            // the batch speeds up by 400 µs a round until round 12's 600 µs while one sequence is flat
            rounds[r][1] = Math.max(600_000, 5_000_000 - r * 400_000L);
        }
        // the older half's median is within FACTOR of 600 µs once three of its rounds are at 600 µs
        // (round 11 is at 1 ms): rounds 12 to 14 as rounds r-9 to r-7, so r = 19
        assertThat(stopsAt(new SteadyState(FACTORS, null), rounds, repeat(-1, rounds.length))).isEqualTo(19);
        for (int r = 0; r < rounds.length; r++) {
            rounds[r][1] = 1_000_000; // the batch flat from the start
        }
        assertThat(stopsAt(new SteadyState(FACTORS, null), rounds, repeat(-1, rounds.length)))
                .isEqualTo(Math.max(SteadyState.MIN_ROUNDS, SteadyState.STEADY_ROUNDS));
    }

    @Test
    void steadyTimesWhileTheKernelsStillBoxDoNotStop() {
        // the Vector API kernels in C1: a steady 2 ms, 4 MB per prediction; C2 from round 15 on
        long[] one = concat(repeat(2_000_000, 15), repeat(25_000, 15));
        long[] allocated = concat(repeat(4 * MB, 15), repeat(512, 15));
        assertThat(stopsAt(new SteadyState(FACTORS, CEILINGS), times(one), allocated)).isEqualTo(15 + SteadyState.STEADY_ROUNDS);
        // the same times decided on times alone stop in the C1 plateau
        assertThat(stopsAt(new SteadyState(FACTORS, null), times(one), repeat(-1, one.length))).isEqualTo(Math.max(SteadyState.MIN_ROUNDS, SteadyState.STEADY_ROUNDS));
    }

    @Test
    void allocationFallenButTimesStillFallingDoesNotStop() {
        long[] one = new long[12];
        for (int r = 0; r < one.length; r++) {
            one[r] = 1_000_000 >> r; // halves every round
        }
        assertThat(stopsAt(new SteadyState(FACTORS, CEILINGS), times(one), repeat(0, one.length))).isZero();
    }

    @Test
    void aCeilingIsPerKind() {
        long[] one = repeat(100_000, 30);
        SteadyState state = new SteadyState(FACTORS, CEILINGS);
        int stop = 0;
        for (int r = 0; r < one.length && stop == 0; r++) {
            // the batch allocates more than its ceiling until round 20: its kernels still box
            long batchBytes = r < 20 ? CEILINGS[1] + 1 : CEILINGS[1];
            stop = state.add(new long[] {one[r], one[r]}, new long[] {CEILINGS[0], batchBytes}, (r + 1) * ROUND_NANOS, 5) ? r + 1 : 0;
        }
        assertThat(stop).isEqualTo(20 + SteadyState.STEADY_ROUNDS);
        // with ceilings the JIT's activity does not matter: a total that grows every round
        long[] growing = new long[one.length];
        for (int r = 0; r < growing.length; r++) {
            growing[r] = 10L * r;
        }
        assertThat(stopsAt(new SteadyState(FACTORS, CEILINGS), times(one), repeat(0, one.length), growing))
                .isEqualTo(Math.max(SteadyState.MIN_ROUNDS, SteadyState.STEADY_ROUNDS));
    }

    @Test
    void withoutCeilingsTheJitMustHaveBeenQuietToo() {
        int quietRounds = (int) (SteadyState.QUIET_NANOS / ROUND_NANOS); // rounds that make the quiet time
        long[] one = repeat(100_000, quietRounds + 60);
        long[] compiled = new long[one.length];
        for (int r = 0; r < compiled.length; r++) {
            compiled[r] = r < 40 ? 10L * r : 390; // the JIT finishes compilations until round 40
        }
        // round 40 is the last whose total grew; the quiet time counts from its end
        assertThat(stopsAt(new SteadyState(FACTORS, null), times(one), repeat(-1, one.length), compiled)).isEqualTo(40 + quietRounds);
        // the same rounds with the kernels' allocation watched stop on times and allocation
        assertThat(stopsAt(new SteadyState(FACTORS, CEILINGS), times(one), repeat(0, one.length), compiled))
                .isEqualTo(Math.max(SteadyState.MIN_ROUNDS, SteadyState.STEADY_ROUNDS));
        // a JIT compiling all the time keeps it going
        long[] busy = new long[one.length];
        for (int r = 0; r < busy.length; r++) {
            busy[r] = r;
        }
        assertThat(stopsAt(new SteadyState(FACTORS, null), times(one), repeat(-1, one.length), busy)).isZero();
    }

    @Test
    void eachKindHasItsOwnFactor() {
        long[][] rounds = times(repeat(100_000, 30));
        for (int r = 0; r < rounds.length; r++) {
            rounds[r][1] = r % 2 == 0 ? 1_000_000 : 1_800_000; // a batch on two threads of a loaded machine
        }
        assertThat(stopsAt(new SteadyState(FACTORS, null), rounds, repeat(-1, rounds.length))).isZero();
        assertThat(stopsAt(new SteadyState(new double[] {FACTOR, 2}, null), rounds, repeat(-1, rounds.length)))
                .isEqualTo(Math.max(SteadyState.MIN_ROUNDS, SteadyState.STEADY_ROUNDS));
        // one sequence's tight factor still holds: from round 8 on at 140 µs, 1.4 times the rounds before
        for (int r = 7; r < rounds.length; r++) {
            rounds[r][0] = 140_000;
        }
        assertThat(stopsAt(new SteadyState(new double[] {FACTOR, 2}, null), rounds, repeat(-1, rounds.length))).isZero();
        assertThat(stopsAt(new SteadyState(new double[] {1.5, 2}, null), rounds, repeat(-1, rounds.length)))
                .isEqualTo(Math.max(SteadyState.MIN_ROUNDS, SteadyState.STEADY_ROUNDS));
    }

    /** Feeds steady rounds with the compile queue's count {@code pending[r]}; returns the 1-based stop round, or 0. */
    private static int stopsWithQueue(SteadyState state, int[] pending, long[] allocated, long[] compiledMillis) {
        for (int r = 0; r < pending.length; r++) {
            if (state.add(new long[] {100_000, 1_000_000}, new long[] {allocated[r], allocated[r]}, (r + 1) * ROUND_NANOS,
                    compiledMillis[r], pending[r])) {
                return r + 1;
            }
        }
        return 0;
    }

    @Test
    void withTheCompileQueueNoKernelMayBeLeftInIt() {
        int n = 60;
        int[] pending = new int[n];
        for (int r = 0; r < 30; r++) {
            pending[r] = r == 20 ? 0 : 2; // C2 at a kernel until round 30, the queue empty once in between
        }
        long[] growing = new long[n];
        for (int r = 0; r < n; r++) {
            growing[r] = r; // the JIT busy with other code all along: with the queue, that does not matter
        }
        assertThat(stopsWithQueue(new SteadyState(FACTORS, null), pending, repeat(0, n), growing)).isEqualTo(30 + SteadyState.STEADY_ROUNDS);
        // nor does allocation: the queue decides where the JVM tells it (a C1-compiled caller's small objects)
        assertThat(stopsWithQueue(new SteadyState(FACTORS, CEILINGS), pending, repeat(4 * MB, n), growing))
                .isEqualTo(30 + SteadyState.STEADY_ROUNDS);
        // an empty queue from the start: times alone, after the minimum rounds
        assertThat(stopsWithQueue(new SteadyState(FACTORS, null), new int[n], repeat(0, n), growing))
                .isEqualTo(Math.max(SteadyState.MIN_ROUNDS, SteadyState.STEADY_ROUNDS));
        // a queue that never empties keeps it going
        int[] busy = new int[n];
        java.util.Arrays.fill(busy, 1);
        assertThat(stopsWithQueue(new SteadyState(FACTORS, null), busy, repeat(0, n), growing)).isZero();
    }

    @Test
    void aRoundThatCannotTellTheQueueFallsBackToTheOtherSigns() {
        int n = 40;
        int[] unknown = new int[n];
        java.util.Arrays.fill(unknown, -1);
        long[] boxingUntil25 = concat(repeat(4 * MB, 25), repeat(0, n - 25));
        assertThat(stopsWithQueue(new SteadyState(FACTORS, CEILINGS), unknown, boxingUntil25, repeat(5, n)))
                .isEqualTo(25 + SteadyState.STEADY_ROUNDS);
    }

    @Test
    void badArgumentsAreRefused() {
        assertThatThrownBy(() -> new SteadyState(new double[0], null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("`factors`").hasMessageContaining("got none");
        assertThatThrownBy(() -> new SteadyState(new double[] {1.3, 1}, null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("`factors`").hasMessageContaining("got 1.0");
        assertThatThrownBy(() -> new SteadyState(FACTORS, new long[3])).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Expected 2 allocation ceilings, got 3");
        assertThatThrownBy(() -> new SteadyState(FACTORS, null).add(new long[3], new long[2], 0, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Expected 2 call times, got 3");
        assertThatThrownBy(() -> new SteadyState(FACTORS, CEILINGS).add(new long[2], new long[1], 0, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Expected 2 allocations, got 1");
    }
}
