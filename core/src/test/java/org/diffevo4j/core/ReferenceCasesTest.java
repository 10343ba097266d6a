package org.diffevo4j.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Replays every reference case (produced by the paper's implementation; provenance in
 * {@code src/test/resources/algorithm-cases/README.md}) against {@link Schedule},
 * {@link FitnessMapping} and {@link DiffusionUpdate}.
 *
 * <p>By default the cases are the set bundled on the test class path ({@value #DEFAULT_RESOURCE}).
 * The system property {@value #PROPERTY} replaces that set with a folder (every {@code *.json} file
 * in it) or a single file, so a held-out set in the same format can be replayed; a property that
 * names nothing fails. Unknown case kinds fail the test rather than being skipped.
 */
class ReferenceCasesTest {

    static final String PROPERTY = "diffevo4j.algorithm.cases";
    static final String DEFAULT_RESOURCE = "/algorithm-cases/cases.json";

    @TestFactory
    Stream<DynamicTest> everyCase() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        for (Path file : caseFiles()) {
            JsonNode root = json.readTree(file.toFile());
            JsonNode cases = root.get("cases");
            if (cases == null || !cases.isArray()) {
                fail(file + " has no 'cases' array; is it a reference case file? (set -D" + PROPERTY + ")");
            }
            for (JsonNode c : cases) {
                String id = file.getFileName() + ":" + text(c, "id") + " (" + text(c, "kind") + ")";
                tests.add(DynamicTest.dynamicTest(id, () -> replay(id, c)));
            }
        }
        assertFalse(tests.isEmpty(), "no reference cases found in " + caseFiles());
        return tests.stream();
    }

    /** A case of a kind this replay does not know must fail, never pass silently. */
    @Test
    void unknownKindsFailLoudly() throws IOException {
        JsonNode c = new ObjectMapper().readTree("{\"id\": \"x\", \"kind\": \"crossover\"}");
        AssertionError e = assertThrows(AssertionError.class, () -> replay("x", c));
        assertTrue(e.getMessage().contains("crossover"), e.getMessage());
        JsonNode m = new ObjectMapper().readTree("{\"id\": \"y\", \"kind\": \"mapping\", \"mapping\": \"softmax\", \"input\": [1]}");
        e = assertThrows(AssertionError.class, () -> replay("y", m));
        assertTrue(e.getMessage().contains("softmax"), e.getMessage());
    }

    static List<Path> caseFiles() throws IOException {
        String configured = System.getProperty(PROPERTY);
        if (configured == null) {
            return List.of(bundledCases());
        }
        Path p = Path.of(configured).toAbsolutePath().normalize();
        if (Files.isRegularFile(p)) {
            return List.of(p);
        }
        if (!Files.isDirectory(p)) {
            fail("reference cases not found at " + p + " (from -D" + PROPERTY + "=" + configured + ")");
        }
        try (Stream<Path> s = Files.list(p)) {
            List<Path> files = s.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList();
            if (files.isEmpty()) {
                fail("no *.json case files in " + p + " (from -D" + PROPERTY + "=" + configured + ")");
            }
            return files;
        }
    }

    private static Path bundledCases() {
        URL url = ReferenceCasesTest.class.getResource(DEFAULT_RESOURCE);
        if (url == null) {
            fail("the bundled reference cases (class path resource " + DEFAULT_RESOURCE + ") are missing");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException | FileSystemNotFoundException e) {
            throw new AssertionError("the bundled reference cases at " + url + " are not a file; set -D" + PROPERTY, e);
        }
    }

    private static void replay(String id, JsonNode c) {
        switch (text(c, "kind")) {
            case "schedule" -> schedule(id, c);
            case "mapping" -> mapping(id, c);
            case "step" -> step(id, c, null);
            case "latent-step" -> step(id, c, matrix(c, "projection"));
            default -> fail(id + ": unknown case kind '" + text(c, "kind") + "'");
        }
    }

    private static void schedule(String id, JsonNode c) {
        String name = text(c, "schedule");
        Schedule s = switch (name) {
            case "cosine" -> Schedule.cosine();
            case "linear-power" -> Schedule.linearPower(num(c, "power"), num(c, "eps"));
            case "ddpm-approximation" -> Schedule.ddpmApproximation(num(c, "eps"));
            default -> throw new AssertionError(id + ": unknown schedule '" + name + "'");
        };
        double[] expected = vector(c, "expected_alpha");
        double[] got = s.alphas((int) num(c, "T"));
        assertEquals(expected.length, got.length, id + ": length");
        for (int i = 0; i < got.length; i++) {
            if (!(Math.abs(got[i] - expected[i]) <= 1e-6)) {
                fail(id + ": alpha[" + i + "] = " + got[i] + ", expected " + expected[i]);
            }
        }
    }

    private static void mapping(String id, JsonNode c) {
        String name = text(c, "mapping");
        double[] input = vector(c, "input");
        double[] got = switch (name) {
            // the case gives energies (minimised); the strategy-facing apply() takes scores = -energy
            case "energy" -> ((FitnessMapping.Energy) FitnessMapping.energy(num(c, "temperature"))).fromEnergies(input);
            case "power" -> FitnessMapping.power(num(c, "power"), num(c, "temperature")).apply(input);
            case "identity" -> FitnessMapping.identity().apply(input);
            case "rl" -> FitnessMapping.rl(num(c, "temperature"),
                    c.has("weight_decay") ? num(c, "weight_decay") : 0.0).apply(input,
                    c.has("x") ? matrix(c, "x") : null, 1.0);
            default -> throw new AssertionError(id + ": unknown mapping '" + name + "'");
        };
        double[] expected = vector(c, "expected");
        assertEquals(expected.length, got.length, id + ": length");
        for (int i = 0; i < got.length; i++) {
            if (!(Math.abs(got[i] - expected[i]) <= 1e-12 * Math.abs(expected[i]) + Double.MIN_NORMAL)) {
                fail(id + ": f[" + i + "] = " + got[i] + ", expected " + expected[i]);
            }
        }
    }

    private static void step(String id, JsonNode c, INDArray projection) {
        INDArray x = matrix(c, "x");
        assertEquals((long) num(c, "N"), x.rows(), id + ": N");
        assertEquals((long) num(c, "D"), x.columns(), id + ": D");
        INDArray features = projection == null ? x : x.mmul(projection.transpose());
        DiffusionUpdate.Result r = DiffusionUpdate.update(x, vector(c, "fitness"), num(c, "alpha"),
                num(c, "alpha_prev"), num(c, "noise"), features, matrix(c, "z"));
        assertClose(id + " x0", matrix(c, "expected_x0"), r.x0());
        assertClose(id + " next", matrix(c, "expected_next"), r.next());
    }

    static void assertClose(String what, INDArray expected, INDArray got) {
        assertEquals(expected.rows(), got.rows(), what + ": rows");
        assertEquals(expected.columns(), got.columns(), what + ": columns");
        double[][] e = expected.toDoubleMatrix();
        double[][] g = got.toDoubleMatrix();
        for (int i = 0; i < e.length; i++) {
            for (int j = 0; j < e[i].length; j++) {
                if (!(Math.abs(g[i][j] - e[i][j]) <= 1e-9 + 1e-7 * Math.abs(e[i][j]))) {
                    fail(what + "[" + i + "][" + j + "] = " + g[i][j] + ", expected " + e[i][j]);
                }
            }
        }
    }

    private static String text(JsonNode c, String field) {
        JsonNode v = c.get(field);
        if (v == null) {
            throw new AssertionError("case " + c.path("id").asText("?") + " lacks field '" + field + "'");
        }
        return v.asText();
    }

    private static double num(JsonNode c, String field) {
        JsonNode v = c.get(field);
        if (v == null || !v.isNumber()) {
            throw new AssertionError("case " + c.path("id").asText("?") + " lacks numeric field '" + field + "'");
        }
        return v.asDouble();
    }

    private static double[] vector(JsonNode c, String field) {
        JsonNode v = c.get(field);
        if (v == null || !v.isArray()) {
            throw new AssertionError("case " + c.path("id").asText("?") + " lacks array field '" + field + "'");
        }
        double[] out = new double[v.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = v.get(i).asDouble();
        }
        return out;
    }

    private static INDArray matrix(JsonNode c, String field) {
        JsonNode v = c.get(field);
        if (v == null || !v.isArray() || v.isEmpty() || !v.get(0).isArray()) {
            throw new AssertionError("case " + c.path("id").asText("?") + " lacks matrix field '" + field + "'");
        }
        int rows = v.size();
        int cols = v.get(0).size();
        double[] data = new double[rows * cols];
        for (int i = 0; i < rows; i++) {
            JsonNode row = v.get(i);
            assertEquals(cols, row.size(), "case " + c.path("id").asText("?") + " " + field + ": ragged row " + i);
            for (int j = 0; j < cols; j++) {
                data[i * cols + j] = row.get(j).asDouble();
            }
        }
        return Nd4j.create(data, new long[] {rows, cols}, DataType.DOUBLE);
    }
}
