package org.diffevo4j.distributed;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * The jar a Spark executor gets instead of a big shaded jar (the CLI jar, about 157 MB with ND4J's
 * native libraries, DL4J, picocli and XChart): only the packages a task runs. A standalone executor
 * that trained CartPole from the CLI jar, logged with {@code -Xlog:class+load}, loaded 47 classes
 * from it, all of {@code org.diffevo4j.agents} and {@code org.diffevo4j.environments} (and the task
 * itself, {@code org.diffevo4j.distributed}); no ND4J or other library class. So the slim jar holds
 * every class of those three packages (a plugin's environment may use any of them) and their
 * {@code META-INF/services} files (a provider line kept only when its class is in the jar), and
 * nothing else: no native library, no ND4J, DL4J, CLI, strategy, GPU or Spark/Scala class.
 *
 * <p>Its name carries a hash of what it holds (each kept entry's name, size and CRC-32 from the
 * source's central directory, read without inflating anything, and {@link #FORMAT}), so the same
 * CLI jar gives the same file name on every run, a different CLI build a different one, and the
 * file is built once per content in a cache folder ({@link #cacheDir}) and reused.
 */
final class ExecutorJar {

    /** Changes whenever the selection or the layout of the slim jar does (it is part of the name's hash). */
    static final String FORMAT = "diffevo4j-executor-jar/1";

    /** Packages (as jar path prefixes) whose classes executors run. */
    static final List<String> PACKAGES = List.of("org/diffevo4j/agents/", "org/diffevo4j/environments/",
            "org/diffevo4j/distributed/");

    private static final String SERVICES = "META-INF/services/";

    /** Same timestamp for every entry: the same selection gives the same bytes. */
    private static final LocalDateTime TIME = LocalDateTime.of(2000, 1, 1, 0, 0);

    private ExecutorJar() {
    }

    /**
     * Whether {@code jar} is a shaded jar that a slim one should replace: it holds diffevo4j's
     * classes together with classes of other libraries (a module's own jar holds only its package).
     */
    static boolean isShaded(Path jar) throws IOException {
        try (ZipFile z = new ZipFile(jar.toFile())) {
            return z.stream().anyMatch(e -> !e.isDirectory() && e.getName().endsWith(".class")
                    && !e.getName().startsWith("org/diffevo4j/") && !e.getName().startsWith("META-INF/"));
        }
    }

    /** Whether an entry of a shaded jar goes into the slim jar (services files are filtered further). */
    static boolean kept(String name) {
        if (name.endsWith("/")) {
            return false;
        }
        if (name.startsWith(SERVICES)) {
            String service = name.substring(SERVICES.length());
            return !service.contains("/") && PACKAGES.stream().anyMatch(p -> service.startsWith(p.replace('/', '.')));
        }
        return name.endsWith(".class") && PACKAGES.stream().anyMatch(name::startsWith);
    }

    /**
     * The slim jar for {@code shaded} in {@code cache}: {@code diffevo4j-executor-<hash>.jar}, built
     * when no file of that name is there yet (written to a temporary file first, then moved into
     * place, so a reader never sees half a jar and two drivers building at once do no harm).
     */
    static Path forJar(Path shaded, Path cache) throws IOException {
        try (ZipFile z = new ZipFile(shaded.toFile())) {
            List<ZipEntry> entries = new ArrayList<>();
            Set<String> classes = new LinkedHashSet<>();
            z.stream().filter(e -> kept(e.getName())).sorted(Comparator.comparing(ZipEntry::getName)).forEach(e -> {
                entries.add(e);
                if (e.getName().endsWith(".class")) {
                    classes.add(e.getName());
                }
            });
            Path target = cache.resolve("diffevo4j-executor-" + hash(entries) + ".jar");
            if (Files.isRegularFile(target)) {
                return target;
            }
            Files.createDirectories(cache);
            Path tmp = Files.createTempFile(cache, ".diffevo4j-executor-", ".tmp");
            try {
                try (OutputStream out = Files.newOutputStream(tmp)) {
                    write(z, entries, classes, out);
                }
                try {
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
            return target;
        }
    }

    /** The first 16 hex digits of the SHA-256 of {@link #FORMAT} and each entry's name, size and CRC-32. */
    static String hash(List<ZipEntry> entries) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(FORMAT.getBytes(StandardCharsets.UTF_8));
            for (ZipEntry e : entries) {
                d.update(("\n" + e.getName() + "\t" + e.getSize() + "\t" + Long.toHexString(e.getCrc()))
                        .getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(d.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void write(ZipFile z, List<ZipEntry> entries, Set<String> classes, OutputStream sink)
            throws IOException {
        try (ZipOutputStream out = new ZipOutputStream(sink)) {
            put(out, "META-INF/MANIFEST.MF", ("Manifest-Version: 1.0\r\nCreated-By: diffevo4j (" + FORMAT
                    + ": the classes Spark executors run)\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            for (ZipEntry e : entries) {
                byte[] bytes;
                try (InputStream in = z.getInputStream(e)) {
                    bytes = in.readAllBytes();
                }
                if (e.getName().startsWith(SERVICES)) {
                    bytes = providersIn(bytes, classes);
                    if (bytes.length == 0) {
                        continue;
                    }
                }
                put(out, e.getName(), bytes);
            }
        }
    }

    /** The lines of a services file whose provider class is in the jar (comments and blanks dropped). */
    private static byte[] providersIn(byte[] services, Set<String> classes) {
        StringBuilder b = new StringBuilder();
        for (String line : new String(services, StandardCharsets.UTF_8).split("\\R")) {
            String name = line.replaceAll("#.*", "").strip();
            if (!name.isEmpty() && classes.contains(name.replace('.', '/') + ".class")) {
                b.append(name).append('\n');
            }
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void put(ZipOutputStream out, String name, byte[] bytes) throws IOException {
        ZipEntry e = new ZipEntry(name);
        e.setTimeLocal(TIME);
        CRC32 crc = new CRC32();
        crc.update(bytes);
        e.setCrc(crc.getValue());
        out.putNextEntry(e);
        out.write(bytes);
        out.closeEntry();
    }

    /**
     * Where slim jars are kept: {@code spark.diffevo4j.executorJarCache} when set, else
     * {@code $XDG_CACHE_HOME/diffevo4j/spark} (default {@code ~/.cache}), else, when that cannot be
     * written, {@code java.io.tmpdir/diffevo4j-<user>/spark}.
     */
    static Path cacheDir(String configured) {
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        Path dir = base.resolve("diffevo4j").resolve("spark");
        if (writable(dir)) {
            return dir;
        }
        return Path.of(System.getProperty("java.io.tmpdir"), "diffevo4j-" + System.getProperty("user.name"), "spark");
    }

    private static boolean writable(Path dir) {
        try {
            Files.createDirectories(dir);
            return Files.isWritable(dir);
        } catch (IOException | SecurityException e) {
            return false;
        }
    }

    /** {@link #forJar} for use where an I/O failure has no better answer than an unchecked one. */
    static Path forJarUnchecked(Path shaded, Path cache) {
        try {
            return forJar(shaded, cache);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build the Spark executors' jar from " + shaded + " in " + cache, e);
        }
    }
}
