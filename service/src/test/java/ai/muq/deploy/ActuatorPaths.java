package ai.muq.deploy;

/** The actuator endpoints the image, Compose and the chart rely on. */
final class ActuatorPaths {

  static final String LIVENESS = "/actuator/health/liveness";
  static final String READINESS = "/actuator/health/readiness";
  static final String PROMETHEUS = "/actuator/prometheus";

  private ActuatorPaths() {}
}
