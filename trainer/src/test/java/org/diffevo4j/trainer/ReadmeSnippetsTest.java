package org.diffevo4j.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's Java snippets compile against the current API and run: each {@code ```java} block
 * (its {@code import} lines first, then statements) becomes the body of a method, is compiled with
 * the JDK's compiler on the test class path, and is executed.
 */
class ReadmeSnippetsTest {

    @TempDir
    Path tmp;

    static List<String> snippets(String markdown) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = null;
        for (String line : markdown.split("\n", -1)) {
            if (cur == null && line.strip().equals("```java")) {
                cur = new StringBuilder();
            } else if (cur != null && line.strip().equals("```")) {
                out.add(cur.toString());
                cur = null;
            } else if (cur != null) {
                cur.append(line).append('\n');
            }
        }
        return out;
    }

    @Test
    void everyJavaSnippetInTheReadmeCompilesAndRuns() throws Exception {
        // Maven runs the trainer's tests in trainer/, the README lies in the repository root
        String readme = Files.readString(Path.of("..", "README.md"));
        List<String> snippets = snippets(readme);
        assertTrue(snippets.size() >= 3, "expected the README's Java examples, found " + snippets.size());
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        for (int k = 0; k < snippets.size(); k++) {
            StringBuilder imports = new StringBuilder();
            StringBuilder body = new StringBuilder();
            for (String line : snippets.get(k).split("\n")) {
                (line.startsWith("import ") ? imports : body).append(line).append('\n');
            }
            String name = "Snippet" + k;
            String source = imports + "public class " + name + " {\n public static void run() throws Exception {\n"
                    + body + " }\n}\n";
            Path file = tmp.resolve(name + ".java");
            Files.writeString(file, source);
            java.io.ByteArrayOutputStream diagnostics = new java.io.ByteArrayOutputStream();
            int rc = javac.run(null, diagnostics, diagnostics, "-d", tmp.toString(), "-cp", System.getProperty("java.class.path"),
                    "-proc:none", file.toString());
            assertEquals(0, rc, "README snippet " + (k + 1) + " does not compile:\n" + source + diagnostics);
            try (URLClassLoader loader = new URLClassLoader(new URL[] {tmp.toUri().toURL()},
                    Thread.currentThread().getContextClassLoader())) {
                Method run = loader.loadClass(name).getMethod("run");
                run.invoke(null);
            }
        }
    }

    @Test
    void theExtractorFindsFencedJavaBlocksOnlyFormatCheck() {
        String md = "text\n```java\nint a = 1;\n```\n```bash\nls\n```\n```java\nint b = 2;\n```\n";
        assertEquals(List.of("int a = 1;\n", "int b = 2;\n"), snippets(md));
    }
}
