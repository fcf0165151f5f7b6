package io.github.stackedrnn.spark;

/**
 * What scoring does with a row whose sequence is null, empty, has the wrong number of features, or holds
 * a NaN or infinite value.
 */
public enum BadRowPolicy {
    /** Fail the job with a {@link BadRowException} naming the row's partition, its position in it and the fault. */
    FAIL,
    /** Write nulls in the output columns and count the row ({@link SparkScorer.Scored#badRowCount()}; in training, leave the row out and count it ({@link SparkFit#badRows()})). */
    NULL
}
