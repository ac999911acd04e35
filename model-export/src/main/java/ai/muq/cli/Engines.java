package ai.muq.cli;

/** Engine settings that must hold before DJL starts. */
public final class Engines {

  private Engines() {}

  /** Offline: libtorch comes from the pytorch-native-cpu jar on the class path, never downloaded. */
  public static void init() {
    if (System.getProperty("ai.djl.offline") == null) {
      System.setProperty("ai.djl.offline", "true");
    }
  }
}
