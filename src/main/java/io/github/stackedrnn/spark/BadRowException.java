package io.github.stackedrnn.spark;

/**
 * A row that cannot be scored or trained on, under {@link BadRowPolicy#FAIL}. Spark wraps it in its own
 * {@code SparkException} when it fails the job; the message survives the wrapping.
 */
public final class BadRowException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final int partition;
    private final long row;

    BadRowException(int partition, long row, String column, String fault) {
        super("Row " + row + " of partition " + partition + ": column `" + column + "` " + fault);
        this.partition = partition;
        this.row = row;
    }

    /** @return the Spark partition that holds the row */
    public int partition() {
        return partition;
    }

    /** @return the row's position in its partition, from 0, in the partition's order */
    public long row() {
        return row;
    }
}
