package ai.muq.inference;

import java.util.Objects;

/**
 * One text as token ids (special tokens included), unpadded.
 *
 * @param ids token ids
 * @param typeIds token type ids (zeros for single-segment text), same length as ids
 */
public record TokenizedText(long[] ids, long[] typeIds) {

  public TokenizedText {
    Objects.requireNonNull(ids, "ids");
    Objects.requireNonNull(typeIds, "typeIds");
    if (ids.length == 0 || typeIds.length != ids.length) {
      throw new IllegalArgumentException("token ids must be non-empty, with one type id each");
    }
  }

  public int length() {
    return ids.length;
  }
}
