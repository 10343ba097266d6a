/**
 * Ports of Gymnasium 1.x's classic-control environments: {@link
 * org.diffevo4j.environments.classic.CartPole CartPole-v1}, {@link
 * org.diffevo4j.environments.classic.Acrobot Acrobot-v1}, {@link
 * org.diffevo4j.environments.classic.MountainCar MountainCar-v0}, {@link
 * org.diffevo4j.environments.classic.MountainCarContinuous MountainCarContinuous-v0} and {@link
 * org.diffevo4j.environments.classic.Pendulum Pendulum-v1}, registered by {@link
 * org.diffevo4j.environments.classic.ClassicControlProvider}.
 *
 * <p>They follow the Python source operation by operation, including the places where NumPy 2's
 * float32 promotion makes the reference arithmetic float32, and are checked step by step against
 * trajectories recorded from Gymnasium (see the {@code Conformance*} tests). Observations are float32
 * values held in {@code double}s. Initial states are drawn from Gymnasium's distributions with a Java
 * generator; NumPy's exact random numbers are not reproduced.
 *
 * <p>Trigonometry uses {@link java.lang.Math} (HotSpot intrinsics), which agreed with the reference's
 * glibc slightly more often than {@link java.lang.StrictMath} and is faster; either may differ from
 * glibc by one ulp now and then, and the squares the reference takes with C {@code pow} are written
 * {@code x * x}. Measured against the public fixtures: CartPole, MountainCar and MountainCarContinuous
 * agree to within 2.2e-16 (MountainCarContinuous bit for bit), Acrobot and Pendulum to within 4.4e-16 per
 * step.
 */
package org.diffevo4j.environments.classic;
