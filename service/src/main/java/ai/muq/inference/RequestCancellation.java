package ai.muq.inference;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The cancellation flag of the request the current thread serves. The web layer opens a scope per
 * request and sets the flag when the client has gone; {@link MicroBatcher#runAll} checks it while
 * waiting, so queued work of a departed client is dropped instead of computed for nobody.
 * Cooperative on purpose: interrupting a request thread could hit file IO (the library's index)
 * and close channels under it.
 */
public final class RequestCancellation {

  private static final ThreadLocal<AtomicBoolean> CURRENT = new ThreadLocal<>();

  private RequestCancellation() {}

  /** Opens the scope of one request on this thread; returns its flag. */
  public static AtomicBoolean open() {
    AtomicBoolean flag = new AtomicBoolean();
    CURRENT.set(flag);
    return flag;
  }

  /** Closes the scope opened on this thread. */
  public static void close() {
    CURRENT.remove();
  }

  /** Whether the request this thread serves has been cancelled (false outside a scope). */
  public static boolean requested() {
    AtomicBoolean flag = CURRENT.get();
    return flag != null && flag.get();
  }
}
