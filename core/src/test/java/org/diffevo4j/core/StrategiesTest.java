package org.diffevo4j.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.diffevo4j.core.baselines.RandomSearch;
import org.diffevo4j.core.options.RecordOptions;
import org.junit.jupiter.api.Test;

class StrategiesTest {

    @Test
    void unknownNameListsKnownNames() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Strategies.create("nope", 2, 1));
        assertTrue(e.getMessage().contains("nope"), e.getMessage());
        for (String n : Strategies.names()) {
            assertTrue(e.getMessage().contains(n), e.getMessage());
        }
    }

    @Test
    void optionsOverrideDefaults() {
        Strategy s = Strategies.create("random", 3, 1, Map.of("populationSize", 7, "sigma", "0.25", "generations", 2));
        RandomSearch r = assertInstanceOf(RandomSearch.class, s);
        assertEquals(new RandomSearch.Config(7, 0.25, 2, null).toString(), r.config().toString());
        assertEquals(7, s.ask().rows());
    }

    @Test
    void unknownOptionListsKnownOptions() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Strategies.create("random", 3, 1, Map.of("popsize", 7)));
        assertTrue(e.getMessage().contains("popsize") && e.getMessage().contains("populationSize"), e.getMessage());
    }

    @Test
    void badOptionValueIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Strategies.create("random", 3, 1, Map.of("sigma", "-1")));
        assertTrue(e.getMessage().contains("sigma"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Strategies.create("random", 3, 1, Map.of("populationSize", "many")));
        assertTrue(e.getMessage().contains("populationSize"), e.getMessage());
    }

    @Test
    void configRecordMustMatchTheStrategy() {
        Strategy s = Strategies.create("random", 2, 1, new RandomSearch.Config(5, 1, 3, new double[] {1, 2}));
        assertEquals(5, s.ask().rows());
        for (String n : BUILT_IN) {
            if (!n.equals("random")) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> Strategies.create(n, 2, 1, RandomSearch.Config.defaults()));
                assertTrue(e.getMessage().contains(n), e.getMessage());
            }
        }
    }

    static final List<String> BUILT_IN = List.of("diffusion", "cmaes", "openes", "pepg", "map-elites", "random");

    @Test
    void builtInNamesComeFirstInOrder() {
        List<String> names = Strategies.names();
        assertEquals(BUILT_IN, names.subList(0, BUILT_IN.size()));
        assertEquals(names.size(), names.stream().distinct().count());
        for (String n : BUILT_IN) {
            assertEquals(n, Strategies.create(n, 2, 1).name());
        }
    }

    @Test
    void configRecordsOfEveryBuiltInAreAccepted() {
        for (String n : BUILT_IN) {
            Record c = Strategies.defaultConfig(n);
            assertEquals(n, Strategies.create(n, 2, 1, c).name());
            // and the same config as an option map
            assertEquals(n, Strategies.create(n, 2, 1, RecordOptions.toMap(c)).name());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Strategies.defaultConfig("x"));
        assertTrue(e.getMessage().contains("cmaes"), e.getMessage());
    }

    @Test
    void configMapFormatRoundTrips() {
        RandomSearch.Config c = new RandomSearch.Config(9, 0.1 + 0.2, 4, new double[] {Math.PI, -1e-300});
        Map<String, String> m = RecordOptions.toMap(c);
        RandomSearch.Config back = RecordOptions.fromMap(RandomSearch.Config.defaults(), m);
        assertEquals(c.populationSize(), back.populationSize());
        assertEquals(Double.doubleToRawLongBits(c.sigma()), Double.doubleToRawLongBits(back.sigma()));
        assertEquals(Math.PI, back.mean()[0]);
        assertEquals(-1e-300, back.mean()[1]);
        assertEquals(m, RecordOptions.toMap(back));
    }
}
