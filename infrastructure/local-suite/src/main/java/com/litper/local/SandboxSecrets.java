package com.litper.local;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Properties;

/**
 * The secrets the services and the sandbox share locally — the carriers' API key and webhook secrets,
 * the WhatsApp access token, app secret and verify token — made once and kept in the data directory
 * (like the demo API key), so both sides agree across runs. Never printed.
 */
final class SandboxSecrets {

    /** The carriers Litper books with, in the names the services' configuration uses. */
    static final List<String> CARRIERS = List.of("servientrega", "coordinadora", "interrapidisimo", "envia", "tcc");

    private final Properties values;

    private SandboxSecrets(Properties values) {
        this.values = values;
    }

    /** Reads {@code file}, adding (and saving) any secret it does not hold yet. */
    static SandboxSecrets keptIn(Path file) {
        Properties values = new Properties();
        try {
            if (Files.isRegularFile(file)) {
                try (Reader in = Files.newBufferedReader(file)) {
                    values.load(in);
                }
            }
            boolean added = false;
            for (String key : keys()) {
                if (values.getProperty(key, "").isBlank()) {
                    values.setProperty(key, random());
                    added = true;
                }
            }
            if (added) {
                Files.createDirectories(file.getParent());
                try (Writer out = Files.newBufferedWriter(file)) {
                    values.store(out, "Secrets shared by the local services and the sandbox; delete to make new ones");
                }
                ownerOnly(file);
            }
            return new SandboxSecrets(values);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot keep the sandbox secrets in " + file, e);
        }
    }

    String carrierApiKey() {
        return values.getProperty("carriers.api-key");
    }

    String webhookSecret(String carrier) {
        return values.getProperty("carriers." + carrier + ".webhook-secret");
    }

    String whatsappAccessToken() {
        return values.getProperty("whatsapp.access-token");
    }

    String whatsappAppSecret() {
        return values.getProperty("whatsapp.app-secret");
    }

    String whatsappVerifyToken() {
        return values.getProperty("whatsapp.verify-token");
    }

    String anthropicApiKey() {
        return values.getProperty("anthropic.api-key");
    }

    private static List<String> keys() {
        List<String> keys = new java.util.ArrayList<>(List.of("carriers.api-key", "whatsapp.access-token", "whatsapp.app-secret",
                "whatsapp.verify-token", "anthropic.api-key"));
        CARRIERS.forEach(carrier -> keys.add("carriers." + carrier + ".webhook-secret"));
        return keys;
    }

    private static String random() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static void ownerOnly(Path file) {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException | IOException e) {
            // Not a POSIX file system: the data directory's own permissions apply.
        }
    }
}
