package dev.freshness.openlineage;

import dev.freshness.core.RunId;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;

/**
 * The OpenLineage run id of a Freshness run, a function of its {@link RunId} alone, so that every process
 * reporting the same run gives the same UUID:
 * <ul>
 *   <li>a run id that is a UUID of version 7 (RFC 9562) is that UUID. The library makes the run ids it is not
 *       given this way ({@link RunId#timeOrdered}: the run's start in milliseconds, then random bits), and
 *       OpenLineage recommends time-ordered UUIDv7 run ids; a scheduler that supplies its own UUIDv7 keeps it in
 *       OpenLineage too.</li>
 *   <li>any other run id (a scheduler's {@code nightly-2026-03-09}, a UUID of another version) gives a
 *       name-based UUID (version 5, SHA-1) of {@code urn:freshness:run:<run id>} in the namespace
 *       {@link #NAMESPACE}.</li>
 * </ul>
 * A UUIDv7 is not derived from a run id that is not one: its timestamp would have to come from the run's start,
 * which two processes reporting parts of the same run (two workers of one scheduler run) do not share.
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
        UUID timeOrdered = timeOrderedUuid(runId.value());
        return timeOrdered != null ? timeOrdered : nameBased(runId);
    }

    /** The UUIDv7 that {@code value} is, in the canonical lower-case form {@link RunId#timeOrdered} writes; else null. */
    private static UUID timeOrderedUuid(String value) {
        if (value.length() != 36 || value.charAt(14) != '7' || !value.equals(value.toLowerCase(Locale.ROOT))) {
            return null;
        }
        UUID uuid;
        try {
            uuid = UUID.fromString(value);
        } catch (IllegalArgumentException notAUuid) {
            return null;
        }
        return uuid.version() == 7 && uuid.variant() == 2 && uuid.toString().equals(value) ? uuid : null;
    }

    private static UUID nameBased(RunId runId) {
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
