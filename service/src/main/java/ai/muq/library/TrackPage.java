package ai.muq.library;

import java.util.List;

/**
 * One page of tracks in id order.
 *
 * @param tracks this page's tracks
 * @param nextCursor opaque cursor for the next page, null at the end
 */
public record TrackPage(List<TrackInfo> tracks, String nextCursor) {}
