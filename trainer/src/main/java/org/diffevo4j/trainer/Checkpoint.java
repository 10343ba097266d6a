package org.diffevo4j.trainer;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.diffevo4j.agents.protocol.ProtocolState;
import org.diffevo4j.agents.protocol.StepMetrics;

/**
 * What a run folder's checkpoint holds after every step: the resolved config, the protocol state
 * (strategy state, episode-seed generator, completed steps) and the metrics so far.
 *
 * <p>File layout of {@code checkpoint.bin} (format {@value #FORMAT}), chosen so that the state of a
 * 17,000-parameter population or a CMA-ES covariance is written at disk speed:
 * <ol>
 *   <li>a fixed-width header line, itself JSON:
 *       {@code {"format":..., "sha256":..., "json_bytes":n, "binary_bytes":m}};</li>
 *   <li>{@code n} bytes of JSON (UTF-8): the checkpoint, with every array of 64 or more doubles
 *       replaced by {@code {"$f64": [offset, length]}};</li>
 *   <li>{@code m} bytes: those arrays as little-endian IEEE-754 doubles, back to back.</li>
 * </ol>
 * The SHA-256 covers everything after the header line, so a truncated or edited file is detected
 * before any of it is used, and every double round-trips bit for bit, so a resumed run continues
 * bit-identically. {@code head -2 checkpoint.bin} shows the readable part. Checkpoints of format
 * {@value #FORMAT_V1} (a header line and one JSON document, written by diffevo4j 0.1 as
 * {@code checkpoint.json}) still load.
 *
 * @param env     environment id
 * @param config  the run's resolved configuration
 * @param state   the protocol state after {@code state.completedSteps()} steps
 * @param metrics the metrics of every completed step
 * @param finalists after the final step: the individuals that compete for being saved (see
 *                  {@link Selection}); null before
 */
public record Checkpoint(@JsonProperty("env") String env, @JsonProperty("config") RunConfig config,
                         @JsonProperty("state") ProtocolState state,
                         @JsonProperty("metrics") List<StepMetrics> metrics,
                         @JsonProperty("finalists") @JsonInclude(JsonInclude.Include.NON_NULL)
                         List<Selection.Finalist> finalists) {

    /** A checkpoint between steps (no finalists yet). */
    public Checkpoint(String env, RunConfig config, ProtocolState state, List<StepMetrics> metrics) {
        this(env, config, state, metrics, null);
    }

    public static final String FORMAT = "diffevo4j-checkpoint/2";
    static final String FORMAT_V1 = "diffevo4j-checkpoint/1";

    static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /** {@link #JSON} plus the spilling of large arrays into the binary section. */
    private static final ObjectMapper BINARY = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .addModule(SpilledArrays.module())
            .build();

    /** A header line is at most this long; anything longer is not a checkpoint. */
    private static final int MAX_HEADER = 1024;

    @JsonIgnoreProperties(ignoreUnknown = true)
    private record Header(@JsonProperty("format") String format, @JsonProperty("sha256") String sha256,
                          @JsonProperty("json_bytes") Long jsonBytes, @JsonProperty("binary_bytes") Long binaryBytes) {
    }

    /** Writes the checkpoint to {@code target} atomically (temp file, fsync, rename). */
    public void write(Path target) {
        SpilledArrays.Sink sink = new SpilledArrays.Sink();
        byte[] json;
        try {
            json = BINARY.writer().withAttribute(SpilledArrays.sinkKey(), sink).writeValueAsBytes(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise the checkpoint", e);
        }
        byte[] payloadJson = Arrays.copyOf(json, json.length + 1);
        payloadJson[json.length] = '\n';
        AtomicFiles.write(target, ch -> {
            MessageDigest sha = sha256();
            int headerLength = header("0".repeat(64), 0, 0).length;
            ch.position(headerLength);
            writeFully(ch, ByteBuffer.wrap(payloadJson));
            sha.update(payloadJson);
            ByteBuffer buf = ByteBuffer.allocate(SpilledArrays.CHUNK).order(ByteOrder.LITTLE_ENDIAN);
            for (double[] a : sink.arrays()) {
                for (int i = 0; i < a.length; ) {
                    int n = Math.min(SpilledArrays.CHUNK / Double.BYTES, a.length - i);
                    buf.clear();
                    buf.asDoubleBuffer().put(a, i, n);
                    buf.limit(n * Double.BYTES);
                    sha.update(buf.duplicate());
                    writeFully(ch, buf);
                    i += n;
                }
            }
            byte[] header = header(HexFormat.of().formatHex(sha.digest()), payloadJson.length, sink.bytes());
            if (header.length != headerLength) {
                throw new IllegalStateException("checkpoint header changed length");
            }
            ch.write(ByteBuffer.wrap(header), 0);
        });
    }

    /** The header line; fixed width for a given format so it can be written after the payload. */
    private static byte[] header(String sha, long jsonBytes, long binaryBytes) {
        return String.format(java.util.Locale.ROOT,
                "{\"format\":\"%s\",\"sha256\":\"%s\",\"json_bytes\":%20d,\"binary_bytes\":%20d}\n",
                FORMAT, sha, jsonBytes, binaryBytes).getBytes(StandardCharsets.UTF_8);
    }

    private static void writeFully(FileChannel ch, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
    }

    /**
     * Reads and verifies a checkpoint of either format.
     *
     * @throws UserError naming the file and what is wrong with it (missing, truncated,
     *                                  corrupt, written by another version)
     */
    public static Checkpoint read(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            ByteBuffer head = ByteBuffer.allocate((int) Math.min(MAX_HEADER, size));
            while (head.hasRemaining() && ch.read(head) >= 0) {
                // fill what the file has
            }
            byte[] h = Arrays.copyOf(head.array(), head.position());
            int nl = indexOf(h, (byte) '\n');
            if (nl < 0) {
                throw new UserError("checkpoint " + file + " is corrupt or truncated (no header line)");
            }
            Header header;
            try {
                header = JSON.readValue(new String(h, 0, nl, StandardCharsets.UTF_8), Header.class);
            } catch (JsonProcessingException e) {
                throw new UserError("checkpoint " + file + " is corrupt (unreadable header)");
            }
            long payloadStart = nl + 1;
            if (FORMAT_V1.equals(header.format())) {
                return readV1(file, ch, payloadStart, header);
            }
            if (!FORMAT.equals(header.format())) {
                throw new UserError("checkpoint " + file + " has format '" + header.format()
                        + "', written by another version of diffevo4j; this one reads '" + FORMAT_V1 + "' and '"
                        + FORMAT + "'");
            }
            if (header.jsonBytes() == null || header.binaryBytes() == null || header.sha256() == null
                    || header.jsonBytes() < 0 || header.binaryBytes() < 0 || header.binaryBytes() % Double.BYTES != 0
                    || header.jsonBytes() > Integer.MAX_VALUE - 8) {
                throw new UserError("checkpoint " + file + " is corrupt (bad header)");
            }
            if (payloadStart + header.jsonBytes() + header.binaryBytes() != size) {
                throw new UserError("checkpoint " + file + " is corrupt or truncated (it holds "
                        + size + " bytes, its header promises " + (payloadStart + header.jsonBytes()
                        + header.binaryBytes()) + ")");
            }
            if (!digest(ch, payloadStart, size).equals(header.sha256())) {
                throw new UserError("checkpoint " + file
                        + " is corrupt or truncated (its SHA-256 does not match the header)");
            }
            ByteBuffer json = ByteBuffer.allocate(header.jsonBytes().intValue());
            while (json.hasRemaining()) {
                if (ch.read(json, payloadStart + json.position()) < 0) {
                    throw new UserError("checkpoint " + file + " is truncated");
                }
            }
            SpilledArrays.Source source = new SpilledArrays.Source(ch, payloadStart + header.jsonBytes(),
                    header.binaryBytes());
            Checkpoint c = BINARY.readerFor(Checkpoint.class).withAttribute(SpilledArrays.sourceKey(), source)
                    .readValue(json.array());
            return complete(c, file);
        } catch (NoSuchFileException e) {
            throw new UserError("no checkpoint at " + file);
        } catch (JsonProcessingException e) {
            throw new UserError("checkpoint " + file + " is corrupt: " + e.getOriginalMessage(), e);
        } catch (IllegalArgumentException e) {
            // a record's own validation or an array reference outside the binary section
            throw new UserError("checkpoint " + file + " is corrupt: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UserError("cannot read checkpoint " + file + ": " + e.getMessage(), e);
        }
    }

    private static Checkpoint readV1(Path file, FileChannel ch, long payloadStart, Header header) throws IOException {
        long size = ch.size();
        if (size - payloadStart > Integer.MAX_VALUE - 8) {
            throw new UserError("checkpoint " + file + " is too large for format " + FORMAT_V1);
        }
        ByteBuffer payload = ByteBuffer.allocate((int) (size - payloadStart));
        while (payload.hasRemaining()) {
            if (ch.read(payload, payloadStart + payload.position()) < 0) {
                break;
            }
        }
        if (header.sha256() == null || !sha256(payload.array()).equals(header.sha256())) {
            throw new UserError("checkpoint " + file
                    + " is corrupt or truncated (its SHA-256 does not match the header)");
        }
        return complete(BINARY.readValue(payload.array(), Checkpoint.class), file);
    }

    private static Checkpoint complete(Checkpoint c, Path file) {
        if (c.env() == null || c.config() == null || c.state() == null || c.metrics() == null) {
            throw new UserError("checkpoint " + file + " is incomplete");
        }
        return c;
    }

    private static String digest(FileChannel ch, long from, long to) throws IOException {
        MessageDigest sha = sha256();
        ByteBuffer buf = ByteBuffer.allocate(SpilledArrays.CHUNK);
        for (long pos = from; pos < to; ) {
            buf.clear();
            buf.limit((int) Math.min(buf.capacity(), to - pos));
            int n = ch.read(buf, pos);
            if (n < 0) {
                break;
            }
            buf.flip();
            sha.update(buf);
            pos += n;
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static int indexOf(byte[] a, byte b) {
        for (int i = 0; i < a.length; i++) {
            if (a[i] == b) {
                return i;
            }
        }
        return -1;
    }

    static String sha256(byte[] data) {
        return HexFormat.of().formatHex(sha256().digest(data));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
