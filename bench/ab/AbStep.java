import io.github.stackedrnn.layer.DenseSoftmaxLayer;
import io.github.stackedrnn.layer.GruLayer;
import io.github.stackedrnn.layer.LstmLayer;
import io.github.stackedrnn.layer.SimpleRnnLayer;
import io.github.stackedrnn.model.StackedRnnModel;
import io.github.stackedrnn.tensor.Tensor;
import java.util.SplittableRandom;

/** One copy per class loader: trains or predicts with whichever library version that loader sees. */
public class AbStep {
    static StackedRnnModel model;
    static Tensor x, xi;
    static int[] labels;

    public static void setup(int f, int[] units, int k, int batch, int time, String cell) {
        StackedRnnModel.Builder b = StackedRnnModel.builder().inputFeatures(f).threads(2).seed(42);
        for (int l = 0; l < units.length; l++) {
            boolean seq = l < units.length - 1;
            b.add(cell.equals("lstm") ? LstmLayer.builder(units[l]).returnSequences(seq).build()
                    : cell.equals("gru") ? GruLayer.builder(units[l]).returnSequences(seq).build()
                    : SimpleRnnLayer.builder(units[l]).returnSequences(seq).build());
        }
        model = b.add(DenseSoftmaxLayer.builder(k).build()).build();
        SplittableRandom r = new SplittableRandom(1);
        float[] d = new float[batch * time * f];
        for (int i = 0; i < d.length; i++) d[i] = (float) r.nextGaussian();
        x = Tensor.of(d, batch, time, f);
        float[] di = new float[256 * time * f];
        for (int i = 0; i < di.length; i++) di[i] = (float) r.nextGaussian();
        xi = Tensor.of(di, 256, time, f);
        labels = new int[batch];
        for (int i = 0; i < batch; i++) labels[i] = r.nextInt(k);
    }

    public static long train(int n) {
        long t = System.nanoTime();
        for (int i = 0; i < n; i++) model.trainOnBatch(x, labels);
        return System.nanoTime() - t;
    }

    public static long infer(int n) {
        long t = System.nanoTime();
        for (int i = 0; i < n; i++) model.predict(xi);
        return System.nanoTime() - t;
    }
}
