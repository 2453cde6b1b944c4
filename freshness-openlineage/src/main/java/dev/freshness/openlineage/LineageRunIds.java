package dev.freshness.openlineage;

import dev.freshness.core.RunId;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;
import java.util.UUID;

/**
 * The OpenLineage run id of a Freshness run: a name-based UUID (version 5, SHA-1) of its {@link RunId} in the
 * namespace {@link #NAMESPACE}, so that every process reporting the same run gives the same UUID.
 */
public final class LineageRunIds {

    /** The namespace of the name-based UUIDs: the RFC 4122 URL namespace. */
    public static final UUID NAMESPACE = UUID.fromString("6ba7b811-9dad-11d1-80b4-00c04fd430c8");

    /** What a run id is prefixed with before hashing, so that the name is a URN of Freshness. */
    public static final String NAME_PREFIX = "urn:freshness:run:";

    private LineageRunIds() {
    }

    /** The UUID of {@code runId}: the same for the same run id, in every process. */
    public static UUID of(RunId runId) {
        Objects.requireNonNull(runId, "runId must not be null");
        MessageDigest sha1;
        try {
            sha1 = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-1", e);
        }
        sha1.update(toBytes(NAMESPACE));
        byte[] hash = sha1.digest((NAME_PREFIX + runId.value()).getBytes(StandardCharsets.UTF_8));
        hash[6] = (byte) ((hash[6] & 0x0f) | 0x50);
        hash[8] = (byte) ((hash[8] & 0x3f) | 0x80);
        long most = 0;
        long least = 0;
        for (int i = 0; i < 8; i++) {
            most = (most << 8) | (hash[i] & 0xff);
            least = (least << 8) | (hash[i + 8] & 0xff);
        }
        return new UUID(most, least);
    }

    private static byte[] toBytes(UUID uuid) {
        byte[] bytes = new byte[16];
        long most = uuid.getMostSignificantBits();
        long least = uuid.getLeastSignificantBits();
        for (int i = 0; i < 8; i++) {
            bytes[i] = (byte) (most >>> (56 - 8 * i));
            bytes[i + 8] = (byte) (least >>> (56 - 8 * i));
        }
        return bytes;
    }
}
