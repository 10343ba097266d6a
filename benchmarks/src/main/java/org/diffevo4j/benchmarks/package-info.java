/**
 * Benchmark mains, kept out of the library modules because they write result files: rollout
 * throughput per backend ({@link org.diffevo4j.benchmarks.ThroughputBenchmark}), the paper's RL
 * protocol's quality over seeds ({@link org.diffevo4j.benchmarks.QualityBenchmark}) and its wall time
 * ({@link org.diffevo4j.benchmarks.ProtocolBenchmark}). Run them with {@code bench/run.sh}, which
 * records the measured commit in each output.
 */
package org.diffevo4j.benchmarks;
