package io.pulse.evidence.attachment.service;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.graalvm.nativeimage.hosted.Feature;
import org.graalvm.nativeimage.hosted.RuntimeReflection;

/**
 * A native-image build step (named in {@code quarkus.native.additional-build-args}; never loaded on the JVM). Tika
 * does not use {@link java.util.ServiceLoader}: it reads the {@code META-INF/services/org.apache.tika.*} files itself
 * and creates the parsers and detectors they list by reflection, so a native executable would know none of them. This
 * registers every class those files list on the build's class path (the files themselves are kept by
 * {@code quarkus.native.resources.includes}), so the native executable detects and parses what the JVM build does,
 * with no list here to keep in step with Tika's.
 */
public final class TikaServicesFeature implements Feature {

    private static final String PREFIX = "META-INF/services/org.apache.tika.";

    @Override
    public void beforeAnalysis(BeforeAnalysisAccess access) {
        for (Path entry : access.getApplicationClassPath()) {
            if (Files.isRegularFile(entry) && entry.toString().endsWith(".jar")) {
                registerListedClasses(entry, access);
            }
        }
    }

    private static void registerListedClasses(Path jar, BeforeAnalysisAccess access) {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                if (!entry.getName().startsWith(PREFIX)) {
                    continue;
                }
                try (BufferedReader lines =
                        new BufferedReader(new InputStreamReader(zip.getInputStream(entry), StandardCharsets.UTF_8))) {
                    lines.lines()
                            .map(line -> line.replaceFirst("#.*", "").strip())
                            .filter(name -> !name.isEmpty())
                            .forEach(name -> register(name, access));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + jar, e);
        }
    }

    private static void register(String className, BeforeAnalysisAccess access) {
        Class<?> type = access.findClassByName(className);
        if (type == null) {
            return; // listed but not on the class path: Tika skips it on the JVM too
        }
        try {
            // Quarkus initialises classes at build time; one whose optional dependency is absent (RarParser without
            // junrar, which the build excludes) fails to initialise, and Tika's loader skips it on the JVM as well.
            Class.forName(className, true, type.getClassLoader());
            RuntimeReflection.register(type);
            RuntimeReflection.register(type.getDeclaredConstructors());
        } catch (ClassNotFoundException | LinkageError e) {
            // not usable here, as on the JVM
        }
    }
}
