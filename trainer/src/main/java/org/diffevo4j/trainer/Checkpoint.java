package org.diffevo4j.trainer;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.diffevo4j.agents.protocol.ProtocolState;
import org.diffevo4j.agents.protocol.StepMetrics;

/**
 * What a run folder's {@code checkpoint.json} holds after every step: the resolved config, the
 * protocol state (strategy state, episode-seed generator, completed steps) and the metrics so far.
 *
 * <p>File layout: a one-line header {@code {"format":..., "sha256":...}}, a newline, then the
 * payload. The digest covers the payload bytes, so a truncated or edited file is detected before any
 * of it is used. Doubles are written by Jackson as shortest round-trip decimals (NaN and infinities
 * as tokens), so a resumed run continues bit-identically.
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

    public static final String FORMAT = "diffevo4j-checkpoint/1";

    static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private record Header(@JsonProperty("format") String format, @JsonProperty("sha256") String sha256) {
    }

    /** Serialises the checkpoint with its digest header. */
    public byte[] toBytes() {
        try {
            byte[] payload = JSON.writeValueAsBytes(this);
            String header = JSON.writeValueAsString(new Header(FORMAT, sha256(payload)));
            byte[] h = (header + "\n").getBytes(StandardCharsets.UTF_8);
            byte[] out = new byte[h.length + payload.length];
            System.arraycopy(h, 0, out, 0, h.length);
            System.arraycopy(payload, 0, out, h.length, payload.length);
            return out;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise the checkpoint", e);
        }
    }

    /**
     * Reads and verifies a checkpoint.
     *
     * @throws UserError naming the file and what is wrong with it (missing, truncated,
     *                                  corrupt, other format)
     */
    public static Checkpoint read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new UserError("no checkpoint at " + file, e);
        } catch (IOException e) {
            throw new UserError("cannot read checkpoint " + file + ": " + e.getMessage(), e);
        }
        int nl = -1;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                nl = i;
                break;
            }
        }
        if (nl < 0) {
            throw new UserError("checkpoint " + file + " is corrupt or truncated (no header line)");
        }
        Header header;
        try {
            header = JSON.readValue(new String(bytes, 0, nl, StandardCharsets.UTF_8), Header.class);
        } catch (JsonProcessingException e) {
            throw new UserError("checkpoint " + file + " is corrupt (unreadable header)", e);
        }
        if (!FORMAT.equals(header.format())) {
            throw new UserError("checkpoint " + file + " has format '" + header.format()
                    + "', expected '" + FORMAT + "'");
        }
        byte[] payload = new byte[bytes.length - nl - 1];
        System.arraycopy(bytes, nl + 1, payload, 0, payload.length);
        if (!sha256(payload).equals(header.sha256())) {
            throw new UserError("checkpoint " + file
                    + " is corrupt or truncated (its SHA-256 does not match the header)");
        }
        try {
            Checkpoint c = JSON.readValue(payload, Checkpoint.class);
            if (c.env() == null || c.config() == null || c.state() == null || c.metrics() == null) {
                throw new UserError("checkpoint " + file + " is incomplete");
            }
            return c;
        } catch (IOException e) {
            throw new UserError("checkpoint " + file + " is corrupt: " + e.getMessage(), e);
        }
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
