package io.github.stackedrnn.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * Starts JMH ({@code org.openjdk.jmh.Main}) with the project's defaults, for the one command in
 * {@code bench/README.md}. Every argument is split at white space, so Maven can pass all JMH options
 * as the single property {@code -Djmh.args="-p threads=1 TrainingStepBench"}. Unless the arguments say
 * otherwise, the run writes {@code target/jmh-result.json} (JSON, for {@code bench/report.py}) and uses
 * the {@code gc} profiler (bytes allocated per call).
 */
public final class BenchMain {
    /** Where the results go unless {@code -rff} is given. */
    static final String DEFAULT_RESULT_FILE = "target/jmh-result.json";

    private BenchMain() {
    }

    /**
     * @param args JMH options, each argument possibly several of them separated by spaces
     * @throws Exception whatever JMH throws
     */
    public static void main(String[] args) throws Exception {
        List<String> jmh = new ArrayList<>();
        for (String arg : args) {
            if (arg == null) {
                continue;
            }
            for (String part : arg.trim().split("\\s+")) {
                if (!part.isEmpty()) {
                    jmh.add(part);
                }
            }
        }
        boolean listing = jmh.contains("-l") || jmh.contains("-lp") || jmh.contains("-h") || jmh.contains("-lprof");
        if (!listing) {
            if (!jmh.contains("-rf")) {
                jmh.add(0, "json");
                jmh.add(0, "-rf");
            }
            if (!jmh.contains("-rff")) {
                jmh.add(0, DEFAULT_RESULT_FILE);
                jmh.add(0, "-rff");
            }
            if (!jmh.contains("-prof")) {
                jmh.add(0, "gc");
                jmh.add(0, "-prof");
            }
        }
        org.openjdk.jmh.Main.main(jmh.toArray(new String[0]));
    }
}
