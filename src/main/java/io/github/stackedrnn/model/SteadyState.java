package io.github.stackedrnn.model;

import java.util.Arrays;

/**
 * Decides when a warm-up's calls run compiled and at a steady speed, from what its rounds report: no
 * clock and no JVM query of its own, so that a test can feed it made-up rounds.
 *
 * <p>Each round reports, for each kind of call it made, the call's time (the fastest of the round's
 * calls of that kind) and, where the JVM measures it, the bytes that call allocated on the calling
 * thread; and when the round ended, with the JVM's total compilation time then. The warm-up is over when,
 * over the last {@link #STEADY_ROUNDS} rounds and after at least {@link #MIN_ROUNDS} in all:
 * <ul>
 *   <li>each kind's times lie within its factor of each other and of the fastest time seen for it;</li>
 *   <li>with allocation ceilings: each kind allocated at most its ceiling in each of these rounds;</li>
 *   <li>without them: the JIT has finished no compilation for {@link #QUIET_NANOS} ns as well.</li>
 * </ul>
 *
 * <p>Why allocation: until C2 has compiled them, the Vector API kernels box every vector, so a call
 * allocates megabytes; compiled, it allocates about its result. Times alone cannot tell a kernel still
 * in C1 from a compiled one, since both run at a steady speed, and C2 may take a second over one
 * kernel; the allocation can, for the Vector API kernels, and says so the moment C2 is done. The scalar
 * kernels allocate nothing either way: there, the JIT's silence is the only sign of a long compile having
 * ended, which is slower (the JIT compiles other code too).
 */
final class SteadyState {
    /** The rounds that must be steady, the last ones. */
    static final int STEADY_ROUNDS = 10;
    /** Rounds at least. */
    static final int MIN_ROUNDS = 12;
    /** Without allocation ceilings, how long the JIT must have finished no compilation. */
    static final long QUIET_NANOS = 100_000_000L;

    private final double[] factors; // [kinds] a kind's last times are steady within this factor of each other
    private final long[][] window; // [kinds][STEADY_ROUNDS] the last rounds' times, a ring
    private final long[] best;     // [kinds] the fastest time seen
    private final long[] ceilings; // [kinds] bytes a compiled call allocates at most; null: not watched
    private int allocationsBelow;  // rounds in a row in which every kind allocated at most its ceiling
    private long compiled = -1;    // the JIT's total compilation time at the last round, ms
    private long lastCompiled;     // when that total last grew, ns
    private int rounds;

    /**
     * @param factors  for each kind of call a round reports (at least one), the factor within which its
     *                 last times must lie, more than 1
     * @param ceilings for each kind, the most bytes a compiled call allocates; null to decide on times
     *                 and the JIT's silence instead
     */
    SteadyState(double[] factors, long[] ceilings) {
        int kinds = factors.length;
        if (kinds < 1) {
            throw new IllegalArgumentException("Received an invalid value for argument `factors`, expected at least one factor, got none.");
        }
        for (double f : factors) {
            if (!(f > 1)) {
                throw new IllegalArgumentException("Received an invalid value for argument `factors`, expected factors above 1, got " + f + ".");
            }
        }
        this.factors = factors.clone();
        if (ceilings != null && ceilings.length != kinds) {
            throw new IllegalArgumentException("Expected " + kinds + " allocation ceilings, got " + ceilings.length + ".");
        }
        window = new long[kinds][STEADY_ROUNDS];
        best = new long[kinds];
        Arrays.fill(best, Long.MAX_VALUE);
        this.ceilings = ceilings == null ? null : ceilings.clone();
    }

    /** @return whether allocation decides (ceilings were given) rather than the JIT's silence */
    boolean watchesAllocation() {
        return ceilings != null;
    }

    /**
     * Takes one round.
     *
     * @param nanos     the round's time of each kind of call, in the order of the constructor's kinds
     * @param allocated the bytes each kind's call allocated, in the same order; ignored without ceilings
     * @param endNanos  when the round ended, on the clock of {@link System#nanoTime()}
     * @param compiledMillis the JVM's total compilation time then, or negative if it does not tell
     * @return true once the calls are steady: the warm-up may stop
     */
    boolean add(long[] nanos, long[] allocated, long endNanos, long compiledMillis) {
        if (nanos.length != best.length) {
            throw new IllegalArgumentException("Expected " + best.length + " call times, got " + nanos.length + ".");
        }
        if (ceilings != null && allocated.length != best.length) {
            throw new IllegalArgumentException("Expected " + best.length + " allocations, got " + allocated.length + ".");
        }
        for (int k = 0; k < nanos.length; k++) {
            window[k][rounds % STEADY_ROUNDS] = nanos[k];
            best[k] = Math.min(best[k], nanos[k]);
        }
        boolean boxing = false;
        for (int k = 0; ceilings != null && k < ceilings.length; k++) {
            boxing |= allocated[k] > ceilings[k];
        }
        allocationsBelow = boxing ? 0 : allocationsBelow + 1;
        if (rounds == 0 || compiledMillis != compiled) {
            compiled = compiledMillis;
            lastCompiled = endNanos;
        }
        rounds++;
        if (rounds < MIN_ROUNDS || rounds < STEADY_ROUNDS || allocationsBelow < STEADY_ROUNDS) {
            return false;
        }
        if (ceilings == null && compiledMillis >= 0 && endNanos - lastCompiled < QUIET_NANOS) {
            return false;
        }
        for (int k = 0; k < nanos.length; k++) {
            long slowest = 0;
            long fastest = Long.MAX_VALUE;
            for (long t : window[k]) {
                slowest = Math.max(slowest, t);
                fastest = Math.min(fastest, t);
            }
            // within the factor of each other, and not a plateau slower than an earlier best
            if (slowest > fastest * factors[k] || slowest > best[k] * factors[k]) {
                return false;
            }
        }
        return true;
    }

    /** @return the rounds taken so far */
    int rounds() {
        return rounds;
    }
}
