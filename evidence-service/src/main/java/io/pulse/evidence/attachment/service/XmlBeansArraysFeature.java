package io.pulse.evidence.attachment.service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Array;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.graalvm.nativeimage.hosted.Feature;
import org.graalvm.nativeimage.hosted.RuntimeReflection;

/**
 * A native-image build step (named in {@code quarkus.native.additional-build-args}; never loaded on the JVM). XMLBeans
 * answers an XPath selection over an Office document with an array of the selected schema type, created by
 * reflection ({@code Array.newInstance}), e.g. {@code CTGroupShape[]} for the shapes of a slide; a native executable
 * can only create arrays of types registered for it. This registers the array class of every OOXML schema type
 * (the interfaces under {@code org.openxmlformats.schemas}; quarkus-poi registers the types themselves).
 */
public final class XmlBeansArraysFeature implements Feature {

    private static final String SCHEMAS = "org/openxmlformats/schemas/";

    @Override
    public void beforeAnalysis(BeforeAnalysisAccess access) {
        Class<?> xmlObject = access.findClassByName("org.apache.xmlbeans.XmlObject");
        if (xmlObject == null) {
            return;
        }
        for (Path entry : access.getApplicationClassPath()) {
            if (Files.isRegularFile(entry) && entry.toString().endsWith(".jar")) {
                registerArrays(entry, xmlObject, access);
            }
        }
    }

    private static void registerArrays(Path jar, Class<?> xmlObject, BeforeAnalysisAccess access) {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                String name = entries.nextElement().getName();
                if (name.startsWith(SCHEMAS) && name.endsWith(".class") && !name.contains("/impl/")) {
                    Class<?> type = access.findClassByName(
                            name.substring(0, name.length() - ".class".length()).replace('/', '.'));
                    if (type != null && type.isInterface() && xmlObject.isAssignableFrom(type)) {
                        RuntimeReflection.register(Array.newInstance(type, 0).getClass());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + jar, e);
        }
    }
}
