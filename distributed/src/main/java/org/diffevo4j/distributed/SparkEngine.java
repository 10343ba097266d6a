package org.diffevo4j.distributed;

import java.util.LinkedHashMap;
import java.util.Map;
import org.diffevo4j.agents.Activation;
import org.diffevo4j.agents.EvaluatorEngine;
import org.diffevo4j.agents.PopulationEvaluator;

/**
 * The {@code spark} {@link EvaluatorEngine}: a {@link SparkEvaluator} on a context it starts.
 * Options: {@code master} (default {@code local[*]}), {@code partitions} (slices per evaluation,
 * default 0 = the cluster's total cores), and any {@code spark.*} setting.
 */
public final class SparkEngine implements EvaluatorEngine {

    public static final String NAME = "spark";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public PopulationEvaluator create(String envId, int[] hidden, Activation activation, int maxEpisodeSteps,
                                      Map<String, String> options) {
        String master = "local[*]";
        int partitions = 0;
        Map<String, String> conf = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : options.entrySet()) {
            String k = e.getKey();
            String v = e.getValue();
            if (k.equals("master")) {
                if (v != null && !v.isBlank()) {
                    master = v;
                }
            } else if (k.equals("partitions")) {
                try {
                    partitions = Integer.parseInt(v);
                } catch (NumberFormatException ex) {
                    throw new IllegalArgumentException("spark engine: partitions must be an integer, got '" + v + "'");
                }
            } else if (k.startsWith("spark.")) {
                conf.put(k, v);
            } else {
                throw new IllegalArgumentException("spark engine: unknown option '" + k
                        + "'; known: master, partitions, spark.*");
            }
        }
        return SparkEvaluator.start(master, envId, hidden, activation, maxEpisodeSteps, partitions, conf);
    }
}
