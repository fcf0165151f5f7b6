package io.github.stackedrnn.spark;

import org.apache.spark.Dependency;
import org.apache.spark.OneToOneDependency;
import org.apache.spark.Partition;
import org.apache.spark.TaskContext;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.StructType;

import scala.collection.immutable.Seq;
import scala.jdk.javaapi.CollectionConverters;
import scala.reflect.ClassTag$;

import java.io.Serializable;
import java.util.Iterator;
import java.util.List;

/**
 * The one place that uses Spark's internal row API, so that a Spark upgrade touches one class: maps the
 * partitions of a {@code Dataset<Row>} as Catalyst {@link InternalRow}s (the binary rows Spark's own
 * operators pass on) and makes a {@code Dataset<Row>} of the result. Going through external {@link Row}s
 * instead boxes every float of the sequence column and encodes every column back, which cost more than
 * the model's predictions (bench/README.md, Spark).
 *
 * <p>Two internals are used: {@code Dataset.queryExecution().toRdd()} (public, marked unstable) and
 * {@code classic.SparkSession.internalCreateDataFrame(RDD<InternalRow>, StructType, boolean)}, which is
 * {@code private[sql]} in Scala, hence public in bytecode, and is what Spark's own
 * {@code createDataFrame(RDD<Row>, schema)} ends in (a {@code LogicalRDD}, whose scan projects each row
 * into an {@code UnsafeRow}, so a mapped partition may return rows of any {@code InternalRow} class).
 * It was preferred to building the {@code LogicalRDD} here because its constructor has nine parameters
 * in two lists that change between releases, while this method's three have not.
 *
 * <p>The input is planned when the first action on the result looks at its partitions, not when the
 * mapping is made: {@code toRdd} of a plan with a shuffle under adaptive execution runs the stages before
 * the shuffle at once, and the result must stay lazy like every other transformation.
 */
final class CatalystFrames {
    private CatalystFrames() {
    }

    /** A partition's rows mapped to other rows, on an executor. */
    interface PartitionMap extends Serializable {
        /**
         * @param rows      the partition's rows; a row may be reused by the next call of {@code next()}, so
         *                  keep {@code copy()}s
         * @param partition the partition's index
         * @return the mapped rows, lazily
         */
        Iterator<InternalRow> apply(Iterator<InternalRow> rows, int partition);
    }

    /**
     * @param data   the input, on a classic (not Spark Connect) session
     * @param map    what each partition becomes
     * @param schema the schema of the rows {@code map} returns
     * @return a lazy dataset of the mapped partitions, one per partition of {@code data}, in its order
     * @throws IllegalArgumentException if {@code data} is not a classic Dataset
     */
    static Dataset<Row> mapPartitions(Dataset<Row> data, PartitionMap map, StructType schema) {
        if (!(data.sparkSession() instanceof org.apache.spark.sql.classic.SparkSession session)) {
            throw new IllegalArgumentException("Scoring needs a classic Spark session (not Spark Connect), got "
                    + data.sparkSession().getClass().getName());
        }
        return session.internalCreateDataFrame(new MappedRows(data, map), schema, false);
    }

    /**
     * {@code map} over the partitions of {@code data}'s rows, planned on the first look at the partitions
     * (on the driver, in the action that needs them), then shipped with the tasks like any parent RDD.
     */
    private static final class MappedRows extends RDD<InternalRow> {
        private static final long serialVersionUID = 1L;

        private final transient Dataset<Row> data; // the driver's only: the tasks need the planned input
        private final PartitionMap map;
        private RDD<InternalRow> input;              // guarded by this; set on the driver before any task is serialized

        MappedRows(Dataset<Row> data, PartitionMap map) {
            super(data.sparkSession().sparkContext(), noDependencies(), ClassTag$.MODULE$.apply(InternalRow.class));
            this.data = data;
            this.map = map;
        }

        @SuppressWarnings("unchecked")
        private static Seq<Dependency<?>> noDependencies() {
            return (Seq<Dependency<?>>) (Seq<?>) scala.collection.immutable.Nil$.MODULE$;
        }

        private synchronized RDD<InternalRow> input() {
            if (input == null) {
                input = data.queryExecution().toRdd();
            }
            return input;
        }

        @Override
        public Partition[] getPartitions() {
            return input().partitions();
        }

        @Override
        public Seq<Dependency<?>> getDependencies() {
            List<Dependency<?>> one = List.of(new OneToOneDependency<>(input()));
            return CollectionConverters.asScala(one).toList();
        }

        @Override
        public Seq<String> getPreferredLocations(Partition split) {
            return input().preferredLocations(split);
        }

        @Override
        public scala.collection.Iterator<InternalRow> compute(Partition split, TaskContext context) {
            // on an executor the field came with the task; input() would find no Dataset there
            RDD<InternalRow> planned;
            synchronized (this) {
                planned = input;
            }
            return CollectionConverters.asScala(map.apply(CollectionConverters.asJava(planned.iterator(split, context)), split.index()));
        }
    }
}
