/**
 * What a genome means: MLP policies over flat parameter vectors and their batched evaluation.
 *
 * <ul>
 *   <li>{@link org.diffevo4j.agents.PolicySpec} (shape, activation, biases, head, normaliser) and
 *       {@link org.diffevo4j.agents.ParameterLayout} (PyTorch {@code nn.Linear} order);
 *       {@link org.diffevo4j.agents.ObservationNormalizer} (docs/algorithm.md section 6);
 *       {@link org.diffevo4j.agents.MlpPolicy} for one policy on one environment.</li>
 *   <li>{@link org.diffevo4j.agents.PopulationEvaluator}: P genomes x E episodes in a batched
 *       environment, made by {@link org.diffevo4j.agents.PopulationEvaluators#create}; backends
 *       {@link org.diffevo4j.agents.JvmEvaluator} (loops vectorised across episode copies, thread pool) and
 *       {@link org.diffevo4j.agents.Nd4jEvaluator} (batched matrix products);
 *       results in {@link org.diffevo4j.agents.EvaluationResult}; non-finite rewards raise
 *       {@link org.diffevo4j.agents.NonFiniteRewardException}.</li>
 *   <li>{@link org.diffevo4j.agents.protocol.RlProtocol}: the paper's RL protocol end to end.</li>
 * </ul>
 *
 * <p>Evaluators are not safe for concurrent {@code evaluate} calls; use one per thread of control.
 */
package org.diffevo4j.agents;
