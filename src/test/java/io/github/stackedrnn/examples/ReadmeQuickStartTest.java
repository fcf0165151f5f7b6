package io.github.stackedrnn.examples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's quick-start program, compiled and run as written against the library's public API, so
 * that the first code a new user copies cannot silently stop compiling or working.
 */
class ReadmeQuickStartTest {

    @Test
    void theQuickStartProgram_compilesRunsAndLearns(@TempDir Path dir) throws Exception {
        String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
        int section = readme.indexOf("**3. A complete program**");
        assertThat(section).as("the README's quick start").isPositive();
        int start = readme.indexOf("```java\n", section) + "```java\n".length();
        String source = readme.substring(start, readme.indexOf("```\n", start));
        assertThat(source).contains("package com.example;").contains("public class QuickStart");

        Path file = dir.resolve("com/example/QuickStart.java");
        Files.createDirectories(file.getParent());
        Files.writeString(file, source, StandardCharsets.UTF_8);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int status = javac.run(null, null, diagnostics, "-classpath", System.getProperty("java.class.path"),
                "-d", dir.toString(), file.toString());
        assertThat(status).as(diagnostics.toString(StandardCharsets.UTF_8)).isZero();

        PrintStream original = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
            Method main = loader.loadClass("com.example.QuickStart").getMethod("main", String[].class);
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            main.invoke(null, (Object) new String[0]);
        } finally {
            System.setOut(original);
        }
        String out = printed.toString(StandardCharsets.UTF_8);
        assertThat(out).contains("Total params: 354").contains("kernels: ");
        // verbose(1) off a terminal: one line per epoch, each once
        for (int epoch = 1; epoch <= 5; epoch++) {
            assertThat(out.split("Epoch " + epoch + "/5 - ", -1)).hasSize(2);
        }
        Matcher m = Pattern.compile("loss (\\d+\\.\\d+), accuracy (\\d+\\.\\d+)").matcher(out);
        assertThat(m.find()).as(out).isTrue();
        assertThat(Double.parseDouble(m.group(2))).as("the task is learnable in 5 epochs").isGreaterThan(0.9);
        assertThat(out).containsPattern("first sequence: class [01] \\(label 1\\), p = Tensor\\[2\\]");
    }
}
