package ai.muq.library;

import java.time.Instant;

/** What the library returns about a stored track (no vectors). */
public record TrackInfo(
    String id,
    TrackMetadata metadata,
    String contentSha256,
    double durationSeconds,
    String bundleId,
    int segmentCount,
    Instant addedAt) {}
