package org.diffevo4j.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The two implementations of {@link DiffusionUpdate} (plain Java and ND4J): each forced in turn
 * through {@link DiffusionUpdate#PATH_PROPERTY} must reproduce every reference step case, they must
 * agree with each other, and the plain-Java one must give bit-identical results for any number of
 * threads.
 */
class UpdatePathsTest {

    static <T> T withProperty(String key, String value, Supplier<T> body) {
        String old = System.getProperty(key);
        System.setProperty(key, value);
        try {
            return body.get();
        } finally {
            if (old == null) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, old);
            }
        }
    }

    @TestFactory
    Stream<DynamicTest> referenceStepsOnBothPaths() throws Exception {
        List<DynamicTest> tests = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        for (Path file : ReferenceCasesTest.caseFiles()) {
            for (JsonNode c : json.readTree(file.toFile()).get("cases")) {
                String kind = c.get("kind").asText();
                if (!kind.equals("step") && !kind.equals("latent-step")) {
                    continue;
                }
                for (String path : new String[] {"java", "nd4j"}) {
                    String id = file.getFileName() + ":" + c.get("id").asText() + " on " + path;
                    tests.add(DynamicTest.dynamicTest(id, () -> withProperty(DiffusionUpdate.PATH_PROPERTY, path, () -> {
                        step(id, c, kind.equals("latent-step"));
                        return null;
                    })));
                }
            }
        }
        assertFalse(tests.isEmpty(), "no step cases found");
        return tests.stream();
    }

    private static void step(String id, JsonNode c, boolean latent) {
        INDArray x = matrix(c.get("x"));
        INDArray features = latent ? x.mmul(matrix(c.get("projection")).transpose()) : x;
        double[] f = vector(c.get("fitness"));
        DiffusionUpdate.Result r = DiffusionUpdate.update(x, f, c.get("alpha").asDouble(), c.get("alpha_prev").asDouble(),
                c.get("noise").asDouble(), features, matrix(c.get("z")));
        ReferenceCasesTest.assertClose(id + " x0", matrix(c.get("expected_x0")), r.x0());
        ReferenceCasesTest.assertClose(id + " next", matrix(c.get("expected_next")), r.next());
        // the array entry point gives the same bits as the matrix one
        int n = x.rows();
        double[] xa = DiffusionUpdate.rowMajor(x);
        double[] x0 = new double[xa.length];
        double[] next = new double[xa.length];
        DiffusionUpdate.update(xa, n, f, c.get("alpha").asDouble(), c.get("alpha_prev").asDouble(),
                c.get("noise").asDouble(), latent ? DiffusionUpdate.rowMajor(features) : xa, features.columns(),
                DiffusionUpdate.rowMajor(matrix(c.get("z"))), x0, next);
        assertArrayEquals(DiffusionUpdate.rowMajor(r.x0()), x0, 0, id);
        assertArrayEquals(DiffusionUpdate.rowMajor(r.next()), next, 0, id);
    }

    /** Random populations of awkward sizes, few and many features, some kernels underflowing. */
    @Test
    void javaAndNd4jPathsAgree() {
        Rng rng = new Rng(5);
        int[][] shapes = {{1, 3}, {2, 1}, {5, 7}, {13, 9}, {37, 58}, {64, 2}, {101, 20}};
        for (int[] shape : shapes) {
            for (double scale : new double[] {0.5, 30}) {
                int n = shape[0];
                int d = shape[1];
                INDArray x = gaussian(rng, n, d).muli(scale);
                INDArray z = gaussian(rng, n, d);
                INDArray p = gaussian(rng, 2, d);
                double[] f = new double[n];
                for (int i = 0; i < n; i++) {
                    f[i] = i % 3 == 0 ? 0 : rng.nextDouble();
                }
                for (INDArray features : new INDArray[] {x, x.mmul(p.transpose())}) {
                    DiffusionUpdate.Result j = withProperty(DiffusionUpdate.PATH_PROPERTY, "java",
                            () -> DiffusionUpdate.update(x, f, 0.4, 0.55, 1.0, features, z));
                    DiffusionUpdate.Result m = withProperty(DiffusionUpdate.PATH_PROPERTY, "nd4j",
                            () -> DiffusionUpdate.update(x, f, 0.4, 0.55, 1.0, features, z));
                    String what = "N=" + n + " D=" + d + " scale " + scale + " features " + features.columns();
                    close(what + " x0", m.x0(), j.x0());
                    close(what + " next", m.next(), j.next());
                }
            }
        }
    }

    private static void close(String what, INDArray expected, INDArray got) {
        double[] e = DiffusionUpdate.rowMajor(expected);
        double[] g = DiffusionUpdate.rowMajor(got);
        assertEquals(e.length, g.length, what);
        for (int k = 0; k < e.length; k++) {
            if (!(Math.abs(g[k] - e[k]) <= 1e-9 + 1e-7 * Math.abs(e[k]))) {
                fail(what + "[" + k + "] = " + g[k] + ", other path " + e[k]);
            }
        }
    }

    /** Large enough to be split over threads; each row block sees other neighbours per split. */
    @Test
    void javaPathIsBitIdenticalForAnyThreadCount() {
        Rng rng = new Rng(9);
        for (int[] shape : new int[][] {{203, 40}, {500, 3}}) {
            int n = shape[0];
            int d = shape[1];
            INDArray x = gaussian(rng, n, d);
            INDArray z = gaussian(rng, n, d);
            INDArray features = d > 10 ? x : gaussian(rng, n, 2);
            double[] f = new double[n];
            for (int i = 0; i < n; i++) {
                f[i] = rng.nextDouble();
            }
            assertTrue((double) n * n * (d + features.columns()) >= DiffusionUpdate.PARALLEL_MIN_WORK);
            double[] reference = null;
            for (String threads : new String[] {"1", "2", "3", "8"}) {
                DiffusionUpdate.Result r = withProperty(DiffusionUpdate.PATH_PROPERTY, "java",
                        () -> withProperty(DiffusionUpdate.THREADS_PROPERTY, threads,
                                () -> DiffusionUpdate.update(x, f, 0.3, 0.5, 1.0, features, z)));
                double[] got = DiffusionUpdate.rowMajor(r.next());
                if (reference == null) {
                    reference = got;
                } else {
                    assertArrayEquals(reference, got, 0, threads + " threads");
                }
            }
        }
    }

    /** A whole run on the plain-Java path, single- and multi-threaded: the same populations, bit for bit. */
    @Test
    void strategyRunDoesNotDependOnThreads() {
        DiffusionConfig c = DiffusionConfig.defaults().withPopulationSize(210).withSteps(4);
        double[][] last = new double[2][];
        String[] threads = {"1", "2"};
        for (int t = 0; t < 2; t++) {
            last[t] = withProperty(DiffusionUpdate.THREADS_PROPERTY, threads[t], () -> {
                DiffusionEvolution de = new DiffusionEvolution(c, 30, 4);
                while (!de.isDone()) {
                    de.tell(StateRoundTrip.evaluate(de.ask()));
                }
                return DiffusionUpdate.rowMajor(de.population());
            });
        }
        assertArrayEquals(last[0], last[1], 0);
    }

    @Test
    void pathPropertyIsValidated() {
        assertThrows(IllegalArgumentException.class, () -> withProperty(DiffusionUpdate.PATH_PROPERTY, "gpu",
                () -> DiffusionUpdate.usesJavaPath(4, 2, 2)));
        assertTrue(withProperty(DiffusionUpdate.PATH_PROPERTY, "java", () -> DiffusionUpdate.usesJavaPath(100000, 5000, 2)));
        assertFalse(withProperty(DiffusionUpdate.PATH_PROPERTY, "nd4j", () -> DiffusionUpdate.usesJavaPath(2, 1, 1)));
    }

    private static INDArray gaussian(Rng rng, int n, int d) {
        double[] v = new double[n * d];
        rng.fillGaussian(v);
        return Nd4j.create(v, new long[] {n, d}, DataType.DOUBLE);
    }

    private static double[] vector(JsonNode v) {
        double[] out = new double[v.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = v.get(i).asDouble();
        }
        return out;
    }

    private static INDArray matrix(JsonNode v) {
        int rows = v.size();
        int cols = v.get(0).size();
        double[] data = new double[rows * cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                data[i * cols + j] = v.get(i).get(j).asDouble();
            }
        }
        return Nd4j.create(data, new long[] {rows, cols}, DataType.DOUBLE);
    }
}
