package org.diffevo4j.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * The committed fat binary is current: rollout.fatbin.sha256 records the SHA-256 of the rollout.cu it
 * was built from ({@code gpu/build-kernels.sh update}); a changed source without a rebuilt fat binary
 * fails here, on every machine (nvcc output is not byte-stable across versions, so the binary itself is
 * not compared). The fat binary is well formed and small.
 */
class RolloutSourceTest {

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = RolloutSourceTest.class.getResourceAsStream("/org/diffevo4j/gpu/" + name)) {
            assertNotNull(in, name + " is not on the class path");
            return in.readAllBytes();
        }
    }

    @Test
    void committedFatBinaryWasBuiltFromThisSource() throws IOException, NoSuchAlgorithmException {
        String recorded = new String(resource("rollout.fatbin.sha256"), StandardCharsets.US_ASCII).split("\\s+")[0];
        String actual = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(resource("rollout.cu")));
        assertEquals(recorded, actual, "rollout.cu changed since the committed rollout.fatbin was built: run "
                + "gpu/build-kernels.sh update and commit rollout.fatbin and rollout.fatbin.sha256");
    }

    @Test
    void fatBinaryIsWellFormedAndSmall() {
        byte[] fb = DeviceRollout.fatbin();
        assertTrue(fb.length > 1024 && fb.length < 5 << 20, "fat binary size " + fb.length);
        // fatbin header magic 0xBA55ED50, little-endian
        int magic = (fb[0] & 0xff) | (fb[1] & 0xff) << 8 | (fb[2] & 0xff) << 16 | (fb[3] & 0xff) << 24;
        assertEquals(0xBA55ED50, magic, "fat binary magic");
    }

    /**
     * The entries of the fat binary (header: magic, version, header size, payload size; each entry:
     * kind 1 = PTX / 2 = ELF, version, header size, payload size, ..., the architecture at +28):
     * machine code for sm_80, sm_86, sm_89, sm_90 and PTX for compute_90.
     */
    @Test
    void fatBinaryHoldsEveryArchitecture() {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(DeviceRollout.fatbin()).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int headerSize = b.getShort(6) & 0xffff;
        long size = b.getLong(8);
        java.util.Set<String> entries = new java.util.TreeSet<>();
        long off = headerSize;
        while (off < headerSize + size) {
            int o = (int) off;
            int kind = b.getShort(o) & 0xffff;
            int entryHeader = b.getInt(o + 4);
            long payload = b.getLong(o + 8);
            int arch = b.getInt(o + 28);
            entries.add((kind == 1 ? "ptx" : kind == 2 ? "sm" : "kind" + kind) + "_" + arch);
            off += entryHeader + payload;
        }
        assertEquals(java.util.Set.of("ptx_90", "sm_80", "sm_86", "sm_89", "sm_90"), entries);
    }
}
