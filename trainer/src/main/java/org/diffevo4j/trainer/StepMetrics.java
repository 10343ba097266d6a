package org.diffevo4j.trainer;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** One line of {@code metrics.jsonl}: what one training step measured. */
@JsonPropertyOrder({"step", "alpha", "return_mean", "return_std", "return_min", "return_max", "success_rate",
        "eval_seconds", "update_seconds"})
public record StepMetrics(
        @JsonProperty("step") int step,
        @JsonProperty("alpha") double alpha,
        @JsonProperty("return_mean") double returnMean,
        @JsonProperty("return_std") double returnStd,
        @JsonProperty("return_min") double returnMin,
        @JsonProperty("return_max") double returnMax,
        @JsonProperty("success_rate") double successRate,
        @JsonProperty("eval_seconds") double evalSeconds,
        @JsonProperty("update_seconds") double updateSeconds) {
}
