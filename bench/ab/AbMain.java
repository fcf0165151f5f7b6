import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Arrays;

/** Alternates two library versions in one JVM (child-first loaders), so both see the same machine load. */
public class AbMain {
    static class ChildFirst extends URLClassLoader {
        ChildFirst(URL[] urls) { super(urls, ClassLoader.getSystemClassLoader().getParent()); }
    }

    public static void main(String[] a) throws Exception {
        String slf4j = a[2];
        Method[][] m = new Method[2][];
        for (int v = 0; v < 2; v++) {
            URLClassLoader l = new ChildFirst(new URL[] {Path.of(System.getProperty("ab.classes")).toUri().toURL(), Path.of(a[v]).toUri().toURL(),
                    Path.of(slf4j).toUri().toURL()});
            Class<?> c = l.loadClass("AbStep");
            m[v] = new Method[] {c.getMethod("setup", int.class, int[].class, int.class, int.class, int.class, String.class),
                    c.getMethod("train", int.class), c.getMethod("infer", int.class)};
        }
        String w = a[3];
        // the workloads of src/bench/.../Workload.java: W1 tutorial, W2 wide, W3 MNIST rows, W4 = W3 with LSTM, W5 with GRU
        boolean mnist = w.equals("W3") || w.equals("W4") || w.equals("W5");
        int f = w.equals("W1") ? 10 : mnist ? 28 : 64;
        int[] u = w.equals("W1") ? new int[] {50, 50, 50} : mnist ? new int[] {128, 128} : new int[] {256, 256, 256};
        int k = w.equals("W1") ? 4 : 10; int batch = w.equals("W1") ? 32 : mnist ? 128 : 64; int time = w.equals("W1") ? 20 : mnist ? 28 : 100;
        int n = w.equals("W1") ? 50 : mnist ? 10 : 2;
        String cell = w.equals("W4") ? "lstm" : w.equals("W5") ? "gru" : "simple";
        for (int v = 0; v < 2; v++) m[v][0].invoke(null, f, u, k, batch, time, cell);
        for (int v = 0; v < 2; v++) { m[v][1].invoke(null, n * 3); m[v][2].invoke(null, n * 3); }
        int rounds = Integer.parseInt(a[4]);
        double[][] tr = new double[2][rounds], in = new double[2][rounds];
        for (int r = 0; r < rounds; r++) {
            for (int o = 0; o < 2; o++) {
                int v = (r + o) % 2; // alternate which goes first
                tr[v][r] = (long) m[v][1].invoke(null, n) / 1e6 / n;
                in[v][r] = (long) m[v][2].invoke(null, n) / 1e6 / n;
            }
        }
        double[] ratioT = new double[rounds], ratioI = new double[rounds];
        for (int r = 0; r < rounds; r++) { ratioT[r] = tr[1][r] / tr[0][r]; ratioI[r] = in[1][r] / in[0][r]; }
        Arrays.sort(ratioT); Arrays.sort(ratioI);
        for (double[] d : new double[][] {tr[0], tr[1], in[0], in[1]}) Arrays.sort(d);
        System.out.printf("%s train ms/step: old %.2f new %.2f (medians); new/old median of paired ratios %.3f [%.3f..%.3f]%n", w,
                tr[0][rounds / 2], tr[1][rounds / 2], ratioT[rounds / 2], ratioT[0], ratioT[rounds - 1]);
        System.out.printf("%s predict(256) ms: old %.2f new %.2f (medians); new/old median of paired ratios %.3f [%.3f..%.3f]%n", w,
                in[0][rounds / 2], in[1][rounds / 2], ratioI[rounds / 2], ratioI[0], ratioI[rounds - 1]);
    }
}
