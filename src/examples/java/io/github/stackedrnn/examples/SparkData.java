package io.github.stackedrnn.examples;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * The Spark examples' data: {@link DriftTask} sequences (20 steps of 10 features, 4 classes), made in
 * parallel by Spark and written to Parquet, chunk {@code c} from seed {@code seed + c}, so that a
 * single JVM can make the very same rows again ({@link #chunk}).
 */
public final class SparkData {
    /** Steps per sequence. */
    public static final int TIME = 20;
    /** Schema of the flat files: {@code id}, {@code x} ({@code array<float>}, 20 × 10, time-major) and {@code label}. */
    public static final StructType FLAT = new StructType().add("id", DataTypes.LongType)
            .add("x", DataTypes.createArrayType(DataTypes.FloatType, false)).add("label", DataTypes.IntegerType);
    /** Schema of the ragged files: {@code id}, {@code seq} ({@code array<array<float>>}, 12 to 20 steps) and {@code label}. */
    public static final StructType RAGGED = new StructType().add("id", DataTypes.LongType)
            .add("seq", DataTypes.createArrayType(DataTypes.createArrayType(DataTypes.FloatType, false), false))
            .add("label", DataTypes.IntegerType);

    private SparkData() {
    }

    /**
     * @param rows  total rows
     * @param chunk a chunk index
     * @param chunks how many chunks
     * @return the number of rows of that chunk (the first ones take the remainder)
     */
    public static int chunkRows(long rows, int chunk, int chunks) {
        return (int) (rows / chunks + (chunk < rows % chunks ? 1 : 0));
    }

    /**
     * @param rows   the chunk's rows
     * @param seed   the file's seed
     * @param chunk  the chunk index
     * @return the chunk's sequences and labels, as {@link DriftTask#generate} makes them
     */
    public static DriftTask.Data chunk(int rows, long seed, int chunk) {
        return DriftTask.generate(rows, TIME, 1f, seed + chunk);
    }

    /**
     * Writes {@code rows} sequences to Parquet, made by Spark in {@code chunks} tasks.
     *
     * @param spark  the session
     * @param path   the directory to (over)write
     * @param rows   how many rows
     * @param chunks how many tasks (and files)
     * @param seed   the seed
     * @param ragged true for {@link #RAGGED} rows cut to 12 to 20 steps, false for {@link #FLAT} ones
     */
    public static void write(SparkSession spark, String path, long rows, int chunks, long seed, boolean ragged) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        List<Integer> indices = new ArrayList<>();
        IntStream.range(0, chunks).forEach(indices::add);
        JavaRDD<Row> data = jsc.parallelize(indices, chunks).flatMap(c -> {
            int n = chunkRows(rows, c, chunks);
            long first = 0;
            for (int k = 0; k < c; k++) {
                first += chunkRows(rows, k, chunks);
            }
            DriftTask.Data d = chunk(n, seed, c);
            float[] x = d.x().toFloatArray();
            int width = TIME * DriftTask.FEATURES;
            SplittableRandom lengths = new SplittableRandom(seed * 31 + c);
            List<Row> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                float[] flat = Arrays.copyOfRange(x, i * width, (i + 1) * width);
                if (ragged) {
                    float[][] seq = new float[12 + lengths.nextInt(TIME - 11)][];
                    for (int t = 0; t < seq.length; t++) {
                        seq[t] = Arrays.copyOfRange(flat, t * DriftTask.FEATURES, (t + 1) * DriftTask.FEATURES);
                    }
                    out.add(RowFactory.create(first + i, seq, d.labels()[i]));
                } else {
                    out.add(RowFactory.create(first + i, flat, d.labels()[i]));
                }
            }
            return out.iterator();
        });
        spark.createDataFrame(data, ragged ? RAGGED : FLAT).write().mode("overwrite").parquet(path);
    }

    /**
     * @return a local session with {@code slots} task slots, no UI, on the loopback address
     * @param slots task slots ({@code local[slots]})
     */
    public static SparkSession localSession(int slots) {
        return SparkSession.builder().master("local[" + slots + "]").appName("stacked-rnn-example")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.shuffle.partitions", String.valueOf(slots))
                .getOrCreate();
    }
}
