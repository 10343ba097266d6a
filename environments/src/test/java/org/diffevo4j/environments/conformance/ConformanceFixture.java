package org.diffevo4j.environments.conformance;

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

/**
 * One file of {@code classic-control-conformance/1} data (its format and provenance are in
 * {@code src/test/resources/conformance/README.md}), read with Jackson's tree model. Numbers are shortest round-trip decimals, so {@code asDouble()} on a
 * numeric node gives the recorded bits; the strings "Infinity"/"-Infinity" appear in space bounds.
 */
final class ConformanceFixture {

    /**
     * The system property naming a fixture folder that replaces the bundled set (a held-out set in
     * the same format is replayed that way).
     */
    static final String DIR_PROPERTY = "diffevo4j.conformance.dir";
    /** The bundled set, a folder on the test class path. */
    static final String DEFAULT_RESOURCE = "/conformance";

    final Path file;
    final JsonNode header;
    final String envId;
    final int maxEpisodeSteps;
    final Tolerances oneStep;
    final Tolerances rollout;
    final List<Episode> episodes;

    /** Pass rule of the README: |a - e| <= atol + rtol |e|, observations also within {@code f32ulps}. */
    record Tolerance(double atol, double rtol, int f32ulps) {
    }

    record Tolerances(Tolerance state, Tolerance observation, Tolerance reward, int maxT) {
    }

    /** Per-step arrays; index k describes the (k+1)-th step. */
    record Steps(int[] discreteActions, double[][] continuousActions, double[] rewards, boolean[] terminated,
                 boolean[] truncated, double[][] observations, double[][] states) {
        int length() {
            return rewards.length;
        }
    }

    record Episode(String id, String kind, double[] initialState, double[] initialObservation, boolean terminated,
                   boolean truncated, Steps steps, Steps postTermination) {
        int numSteps() {
            return steps.length();
        }

        /** The recorded episode ended (as opposed to its action list running out). */
        boolean ended() {
            return terminated || truncated;
        }

        /** The state before step k (0-based). */
        double[] stateBefore(int k) {
            return k == 0 ? initialState : steps.states()[k - 1];
        }
    }

    private ConformanceFixture(Path file, JsonNode root) {
        this.file = file;
        this.header = root;
        this.envId = required(root, "env_id").asText();
        this.maxEpisodeSteps = required(root, "max_episode_steps").asInt();
        JsonNode tol = required(root, "recommended_tolerances");
        this.oneStep = tolerances(required(tol, "one_step"), Integer.MAX_VALUE);
        JsonNode ro = required(tol, "rollout");
        this.rollout = tolerances(ro, ro.has("max_t") ? ro.get("max_t").asInt() : Integer.MAX_VALUE);
        List<Episode> eps = new ArrayList<>();
        for (JsonNode e : required(root, "episodes")) {
            eps.add(episode(e));
        }
        this.episodes = List.copyOf(eps);
        if (root.has("num_episodes") && root.get("num_episodes").asInt() != episodes.size()) {
            throw new IllegalStateException(file + ": num_episodes says " + root.get("num_episodes").asInt()
                    + " but " + episodes.size() + " episodes are present");
        }
    }

    /**
     * The folder named by {@value #DIR_PROPERTY} when that property is set, else the bundled set on
     * the test class path; fails loudly if the folder does not exist.
     */
    static Path directory() {
        String configured = System.getProperty(DIR_PROPERTY);
        if (configured == null) {
            return bundledDirectory();
        }
        Path dir = Path.of(configured).toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("Conformance data folder " + dir + " does not exist (from -D"
                    + DIR_PROPERTY + "=" + configured + ")");
        }
        return dir;
    }

    private static Path bundledDirectory() {
        URL url = ConformanceFixture.class.getResource(DEFAULT_RESOURCE);
        if (url == null) {
            throw new IllegalStateException("The bundled conformance data (class path resource " + DEFAULT_RESOURCE
                    + ") is missing from the test class path");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException | FileSystemNotFoundException e) {
            throw new IllegalStateException("The bundled conformance data at " + url
                    + " is not a folder; set -D" + DIR_PROPERTY + "=<folder>", e);
        }
    }

    /** Every fixture file in the folder (sorted); fails if there is none. */
    static List<ConformanceFixture> loadAll(Path dir) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        List<ConformanceFixture> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                JsonNode root = mapper.readTree(f.toFile());
                if (root.isObject() && root.path("format").asText().startsWith("classic-control-conformance/")) {
                    out.add(new ConformanceFixture(f, root));
                }
            }
        }
        if (out.isEmpty()) {
            throw new IllegalStateException("No classic-control-conformance JSON files in " + dir);
        }
        return out;
    }

    private static Tolerances tolerances(JsonNode n, int maxT) {
        return new Tolerances(tolerance(required(n, "state")), tolerance(required(n, "observation")),
                tolerance(required(n, "reward")), maxT);
    }

    private static Tolerance tolerance(JsonNode n) {
        return new Tolerance(n.path("atol").asDouble(0.0), n.path("rtol").asDouble(0.0), n.path("f32ulps").asInt(0));
    }

    private Episode episode(JsonNode e) {
        String id = required(e, "id").asText();
        Steps steps = steps(e, true);
        int n = required(e, "num_steps").asInt();
        if (steps.length() != n) {
            throw new IllegalStateException(file + " " + id + ": num_steps " + n + " but " + steps.length() + " rewards");
        }
        Steps post = e.has("post_termination_steps") ? steps(e.get("post_termination_steps"), false) : null;
        return new Episode(id, e.path("kind").asText(), doubles(required(e, "initial_state")),
                doubles(required(e, "initial_observation")), required(e, "terminated").asBoolean(),
                required(e, "truncated").asBoolean(), steps, post);
    }

    private Steps steps(JsonNode e, boolean withTruncated) {
        JsonNode actions = required(e, "actions");
        int n = actions.size();
        int[] discrete = null;
        double[][] continuous = null;
        if (n > 0 && actions.get(0).isArray()) {
            continuous = new double[n][];
            for (int k = 0; k < n; k++) {
                continuous[k] = doubles(actions.get(k));
            }
        } else {
            discrete = new int[n];
            for (int k = 0; k < n; k++) {
                discrete[k] = actions.get(k).asInt();
            }
        }
        double[] rewards = doubles(required(e, "rewards"));
        boolean[] term = booleans(required(e, "step_terminated"));
        boolean[] trunc = withTruncated ? booleans(required(e, "step_truncated")) : null;
        double[][] obs = matrix(required(e, "observations"));
        double[][] states = matrix(required(e, "states"));
        if (rewards.length != n || term.length != n || obs.length != n || states.length != n
                || (trunc != null && trunc.length != n)) {
            throw new IllegalStateException(file + ": per-step arrays of different lengths");
        }
        return new Steps(discrete, continuous, rewards, term, trunc, obs, states);
    }

    static JsonNode required(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull() && !field.equals("reward_threshold")) {
            throw new IllegalStateException("Conformance data lacks the field '" + field + "'");
        }
        return v;
    }

    static double number(JsonNode n) {
        return n.isTextual() ? Double.parseDouble(n.asText()) : n.asDouble();
    }

    static double[] doubles(JsonNode array) {
        double[] out = new double[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = number(array.get(i));
        }
        return out;
    }

    private static boolean[] booleans(JsonNode array) {
        boolean[] out = new boolean[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asBoolean();
        }
        return out;
    }

    private static double[][] matrix(JsonNode array) {
        double[][] out = new double[array.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = doubles(array.get(i));
        }
        return out;
    }

    @Override
    public String toString() {
        return envId + " (" + file.getFileName() + ", " + episodes.size() + " episodes)";
    }
}
