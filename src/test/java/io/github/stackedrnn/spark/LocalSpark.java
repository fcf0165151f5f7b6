package io.github.stackedrnn.spark;

import org.apache.spark.sql.SparkSession;

/** The tests' Spark: in this JVM, no UI, no network beyond the loopback, two task slots. */
final class LocalSpark {
    private LocalSpark() {
    }

    /**
     * @param master {@code local[2]}, or {@code local[2,2]} to let a failed task be retried once
     * @return a new session; the caller stops it
     */
    static SparkSession start(String master) {
        return SparkSession.builder()
                .master(master)
                .appName("stacked-rnn-test")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.shuffle.partitions", "2")
                .config("spark.default.parallelism", "2")
                .config("spark.sql.adaptive.enabled", "false")
                .getOrCreate();
    }
}
