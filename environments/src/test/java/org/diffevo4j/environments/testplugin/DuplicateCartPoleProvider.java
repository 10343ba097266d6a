package org.diffevo4j.environments.testplugin;

import java.util.List;
import org.diffevo4j.environments.Environment;
import org.diffevo4j.environments.EnvSpec;
import org.diffevo4j.environments.EnvironmentProvider;
import org.diffevo4j.environments.classic.CartPole;

/** A faulty plug-in claiming the built-in id CartPole-v1; NOT listed in the test services file. */
public final class DuplicateCartPoleProvider implements EnvironmentProvider {

    @Override
    public List<EnvSpec> specs() {
        return List.of(CartPole.SPEC);
    }

    @Override
    public Environment make(String id) {
        return CartPole.single();
    }
}
