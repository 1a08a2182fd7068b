package org.ser4j.features;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The one SHA-256 helper (issue 19: there were three): preset fingerprints, feature-cache keys
 * (a file's content) and bundle checksums. It lives with the presets, the first stage that needs
 * it, so that every later stage may use it.
 */
public final class Sha256 {

    private Sha256() {}

    /** Lower-case hex SHA-256 of {@code data}. */
    public static String hex(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
