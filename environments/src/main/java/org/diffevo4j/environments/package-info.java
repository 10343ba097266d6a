/**
 * Gymnasium-style environments for diffevo4j: the single-environment API ({@link
 * org.diffevo4j.environments.Environment}), the batched API ({@link
 * org.diffevo4j.environments.VectorEnvironment}), spaces and specs, the registry ({@link
 * org.diffevo4j.environments.Environments}) and the plug-in point ({@link
 * org.diffevo4j.environments.EnvironmentProvider}, found with {@link java.util.ServiceLoader}).
 *
 * <p>Built-in environments are written once as batched structure-of-arrays kernels ({@link
 * org.diffevo4j.environments.BatchedEnvironment}); the single environment is a batch of one ({@link
 * org.diffevo4j.environments.BatchOfOne}). A plug-in that only writes a single environment gets the
 * vector API through {@link org.diffevo4j.environments.SyncVectorEnvironment}. Environments whose state
 * can be read and set implement {@link org.diffevo4j.environments.StatefulEnvironment} /
 * {@link org.diffevo4j.environments.StatefulVectorEnvironment}.
 */
package org.diffevo4j.environments;
