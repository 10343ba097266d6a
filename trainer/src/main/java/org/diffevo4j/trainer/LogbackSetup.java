package org.diffevo4j.trainer;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.List;

/**
 * Configures logback in code, the same as {@code logback.xml} (keep the two alike): parsing the XML
 * loads a few hundred classes (Joran, the XML parser) that every {@code train} paid for at start-up.
 * Found by logback through {@code META-INF/services}; a user's own {@code -Dlogback.configurationFile}
 * or a {@code logback-test.xml} on the class path still wins, as {@code logback.xml} does then.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class LogbackSetup extends ContextAwareBase implements Configurator {

    static final List<String> WARN_ONLY = List.of("org.nd4j", "org.bytedeco", "org.deeplearning4j",
            "org.apache.spark", "org.sparkproject", "org.apache.hadoop", "io.netty");

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        ClassLoader cl = LogbackSetup.class.getClassLoader();
        if (System.getProperty("logback.configurationFile") != null
                || (cl != null && cl.getResource("logback-test.xml") != null)) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;   // someone else's configuration: let logback read it
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{HH:mm:ss.SSS} %-5level %logger{20} - %msg%n");
        encoder.start();
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("STDERR");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();
        for (String name : WARN_ONLY) {
            context.getLogger(name).setLevel(Level.WARN);
        }
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(stderr);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
