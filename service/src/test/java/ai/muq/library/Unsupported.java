package ai.muq.library;

import java.lang.reflect.Proxy;

/**
 * Test stand-ins for interfaces: every call fails, except the ones a test answers. (A dynamic
 * proxy, so no mocking agent is needed on JDK 25.)
 */
public final class Unsupported {

  private Unsupported() {}

  /** Answers a call, or returns null to fall through to UnsupportedOperationException. */
  @FunctionalInterface
  public interface Answer {
    Object answer(String method, Object[] args) throws Throwable;
  }

  public static <T> T of(Class<T> type) {
    return of(type, (m, a) -> null);
  }

  public static <T> T of(Class<T> type, Answer answer) {
    Object proxy =
        Proxy.newProxyInstance(
            type.getClassLoader(),
            new Class<?>[] {type},
            (self, method, args) -> {
              switch (method.getName()) {
                case "toString":
                  return "Unsupported(" + type.getSimpleName() + ")";
                case "hashCode":
                  return System.identityHashCode(self);
                case "equals":
                  return self == args[0];
                default:
                  Object r = answer.answer(method.getName(), args);
                  if (r != null) {
                    return r;
                  }
                  throw new UnsupportedOperationException(type.getSimpleName() + "." + method.getName());
              }
            });
    return type.cast(proxy);
  }
}
