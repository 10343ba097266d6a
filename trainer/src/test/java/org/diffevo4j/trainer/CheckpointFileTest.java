package org.diffevo4j.trainer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.diffevo4j.agents.protocol.ProtocolState;
import org.diffevo4j.core.StrategyState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checkpoint file: exact round trip, compact binary arrays, integrity checks, the old format. */
class CheckpointFileTest {

    @TempDir
    Path tmp;

    private static Checkpoint checkpoint(int dimension, int population) {
        SplittableRandom r = new SplittableRandom(5);
        double[] x = new double[dimension * population];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextGaussian();
        }
        // values that decimal text or a careless binary path would not keep
        x[0] = Double.NaN;
        x[1] = Double.longBitsToDouble(0x7ff8_dead_beef_0001L);
        x[2] = Double.NEGATIVE_INFINITY;
        x[3] = -0.0;
        x[4] = Double.MIN_VALUE;
        Map<String, double[]> arrays = new LinkedHashMap<>();
        arrays.put("population", x);
        arrays.put("small", new double[] {1.5, Double.NaN});
        arrays.put("empty", new double[0]);
        StrategyState s = new StrategyState("diffusion", dimension, 3, new long[] {1, 2, 3, 4, 5},
                arrays, Map.of("sigma", 0.25), Map.of("populationSize", Integer.toString(population)));
        RunConfig config = RunConfig.defaults("CartPole-v1");
        return new Checkpoint("CartPole-v1", config, new ProtocolState(3, s, new long[] {6, 5, 4, 3, 2, 1}), List.of());
    }

    @Test
    void roundTripIsBitExactIncludingNaNPayloadsAndSignedZero() {
        Checkpoint c = checkpoint(58, 256);
        Path f = tmp.resolve("checkpoint.bin");
        c.write(f);
        Checkpoint back = Checkpoint.read(f);
        double[] a = c.state().strategy().arrays().get("population");
        double[] b = back.state().strategy().arrays().get("population");
        assertEquals(a.length, b.length);
        for (int i = 0; i < a.length; i++) {
            assertEquals(Double.doubleToRawLongBits(a[i]), Double.doubleToRawLongBits(b[i]), "element " + i);
        }
        assertArrayEquals(new double[] {1.5, Double.NaN}, back.state().strategy().arrays().get("small"));
        assertEquals(0, back.state().strategy().arrays().get("empty").length);
        assertArrayEquals(c.state().episodeRng(), back.state().episodeRng());
        assertEquals(c.config(), back.config());
    }

    @Test
    void largeArraysAreStoredAsEightBytesPerDouble() throws Exception {
        int d = 4610;
        int n = 256;
        Path f = tmp.resolve("checkpoint.bin");
        checkpoint(d, n).write(f);
        long size = Files.size(f);
        long raw = (long) d * n * Double.BYTES;
        assertTrue(size >= raw && size < raw + 64 * 1024, "file of " + size + " bytes for " + raw + " bytes of doubles");
        // the first two lines are readable JSON: the header and the document with array references
        List<String> lines = readableLines(f);
        assertTrue(lines.get(0).startsWith("{\"format\":\"diffevo4j-checkpoint/2\""), lines.get(0));
        assertTrue(lines.get(1).contains("\"population\":{\"$f64\":[0," + (d * n) + "]}"), lines.get(1));
    }

    @Test
    void everyFlippedOrMissingByteIsDetected() throws Exception {
        Path f = tmp.resolve("checkpoint.bin");
        checkpoint(20, 16).write(f);
        byte[] good = Files.readAllBytes(f);
        int headerEnd = new String(good, StandardCharsets.ISO_8859_1).indexOf('\n') + 1;
        for (int pos : new int[] {headerEnd + 3, good.length / 2, good.length - 1}) {
            byte[] bad = good.clone();
            bad[pos] ^= 0x10;
            Files.write(f, bad);
            UserError e = assertThrows(UserError.class, () -> Checkpoint.read(f));
            assertTrue(e.getMessage().contains("corrupt"), e.getMessage());
        }
        Files.write(f, java.util.Arrays.copyOf(good, good.length - 8));
        UserError e = assertThrows(UserError.class, () -> Checkpoint.read(f));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void aCheckpointOfAnUnknownFormatNamesTheVersionThatWroteIt() throws Exception {
        Path f = tmp.resolve("checkpoint.bin");
        Files.writeString(f, "{\"format\":\"diffevo4j-checkpoint/9\",\"sha256\":\"00\"}\n{}");
        UserError e = assertThrows(UserError.class, () -> Checkpoint.read(f));
        assertTrue(e.getMessage().contains("diffevo4j-checkpoint/9") && e.getMessage().contains("another version"),
                e.getMessage());
    }

    @Test
    void aVersion1JsonCheckpointStillLoads() throws Exception {
        // format 1 as diffevo4j 0.1 wrote it: a header line with the payload's SHA-256, then plain JSON
        Checkpoint c = checkpoint(10, 8);
        byte[] payload = Checkpoint.JSON.writeValueAsBytes(c);
        String header = "{\"format\":\"diffevo4j-checkpoint/1\",\"sha256\":\"" + Checkpoint.sha256(payload) + "\"}\n";
        Path f = tmp.resolve("checkpoint.json");
        Files.write(f, concat(header.getBytes(StandardCharsets.UTF_8), payload));
        Checkpoint back = Checkpoint.read(f);
        assertArrayEquals(c.state().strategy().arrays().get("population"),
                back.state().strategy().arrays().get("population"));
    }

    @Test
    void aFailedWriteLeavesTheOldFileAndNoTempFile() throws Exception {
        Path f = tmp.resolve("checkpoint.bin");
        checkpoint(10, 8).write(f);
        byte[] before = Files.readAllBytes(f);
        assertThrows(java.io.UncheckedIOException.class, () -> AtomicFiles.write(f, ch -> {
            ch.write(java.nio.ByteBuffer.wrap(new byte[] {1, 2, 3}));
            throw new java.io.IOException("disk full");
        }));
        assertArrayEquals(before, Files.readAllBytes(f));
        try (var files = Files.list(tmp)) {
            assertEquals(List.of(f), files.toList());
        }
    }

    private static List<String> readableLines(Path f) throws Exception {
        try (var in = Files.newInputStream(f)) {
            byte[] head = in.readNBytes(64 * 1024);
            String s = new String(head, StandardCharsets.ISO_8859_1);
            String[] parts = s.split("\n", 3);
            return List.of(parts[0], parts[1]);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
