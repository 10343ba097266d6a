package org.diffevo4j.trainer;

import java.io.PrintWriter;
import java.util.Map;
import org.diffevo4j.core.Strategies;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code diffevo4j strategies}: every registered strategy (built-ins and {@code StrategyProvider}
 * plugins), with a one-line description and its options with their defaults.
 */
@Command(name = "strategies", mixinStandardHelpOptions = true,
        description = {"List the strategies --strategy accepts (built-in and plugins), with their options and defaults.",
                "train sets population, steps/generations, eta, fitness mapping and latent dimension from its own "
                        + "flags where a strategy has those options."})
final class StrategiesCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    PluginOptions pluginOptions;

    @Override
    public void run() {
        pluginOptions.load();
        PrintWriter out = spec.commandLine().getOut();
        for (Strategies.Description d : Strategies.describeAll()) {
            out.printf("%s  %s%s%n", d.name(), d.description(),
                    d.source().equals("built-in") ? "" : " [plugin " + d.source() + "]");
            if (d.defaultOptions().isEmpty()) {
                out.println("    (options not declared by the provider)");
            }
            for (Map.Entry<String, String> o : d.defaultOptions().entrySet()) {
                out.printf("    %s = %s%n", o.getKey(), o.getValue());
            }
        }
        out.flush();
    }
}
