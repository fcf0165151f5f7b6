/**
 * Apache Spark integration: batch scoring of a {@code Dataset<Row>} ({@link io.github.stackedrnn.spark.SparkScorer},
 * the SQL function of {@link io.github.stackedrnn.spark.RnnSql}) and data-parallel training by parameter
 * averaging ({@link io.github.stackedrnn.spark.SparkTrainer}).
 *
 * <p>Spark is a {@code provided} dependency: this package compiles against Spark 4's Java API
 * ({@code spark-sql_2.13}) and the user's application brings Spark; the rest of the library never
 * loads these classes, so its run-time dependencies stay {@code slf4j-api} alone.
 *
 * <p>Policy: a model travels to the executors as the bytes of its saved file (a broadcast, read once per
 * executor JVM and shared by that JVM's tasks for scoring); configuration objects are immutable and
 * serializable; the library's own threads are off on the executors (one thread per task: Spark's cores
 * are the parallelism); a bad row either fails the job with its position or becomes nulls counted by
 * an accumulator ({@link io.github.stackedrnn.spark.BadRowPolicy}).
 */
package io.github.stackedrnn.spark;
