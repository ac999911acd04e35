package ai.muq.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import ai.muq.library.solr.SolrLibrarySettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lints and renders helm/muq-service with the real Helm library (helm-java) and checks the typed
 * manifests. The probe paths are also called on the running image in {@link ServiceImageIT}.
 */
class HelmChartTest {

  static final Path GPU_VALUES = RepoPaths.chart().resolve("ci/gpu-values.yaml");
  static final Path AUTOSCALING_VALUES = RepoPaths.chart().resolve("ci/autoscaling-values.yaml");
  static final Path SOLR_VALUES = RepoPaths.chart().resolve("ci/solr-values.yaml");
  /** Prometheus name of the Micrometer gauge muq.inference.queue.depth the service exports. */
  static final String QUEUE_DEPTH_METRIC = "muq_inference_queue_depth";

  @Test
  void chartPassesStrictLint() {
    var result = new Helm(RepoPaths.chart()).lint().strict().call();
    assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
  }

  @Test
  void defaultsRunOneNonRootReplicaOnTheEmbeddedLibraryVolume() throws IOException {
    List<HasMetadata> objects = HelmChart.render();
    Deployment deployment = HelmChart.one(objects, Deployment.class);
    PodSpec pod = deployment.getSpec().getTemplate().getSpec();
    Container container = pod.getContainers().getFirst();

    assertThat(deployment.getSpec().getReplicas()).isEqualTo(1);
    assertThat(deployment.getSpec().getStrategy().getType()).isEqualTo("Recreate");
    assertThat(HelmChart.all(objects, HorizontalPodAutoscaler.class)).isEmpty();

    // The container port is the one the image serves on.
    assertThat(httpPort(container).getContainerPort()).isEqualTo(imagePort());
    assertThat(env(container, "SERVER_PORT")).isEqualTo(String.valueOf(imagePort()));

    // The library lives on the chart's claim, mounted where the service looks for it.
    PersistentVolumeClaim claim = HelmChart.one(objects, PersistentVolumeClaim.class);
    assertThat(claim.getSpec().getAccessModes()).containsExactly("ReadWriteOnce");
    var libraryVolume = pod.getVolumes().stream().filter(v -> v.getName().equals("library"))
        .findFirst().orElseThrow();
    assertThat(libraryVolume.getPersistentVolumeClaim().getClaimName())
        .isEqualTo(claim.getMetadata().getName());
    assertThat(container.getVolumeMounts()).anySatisfy(m -> {
      assertThat(m.getName()).isEqualTo("library");
      assertThat(m.getMountPath()).isEqualTo(env(container, "MUQ_LIBRARY_DIR"));
    });
    // The read-only root needs a writable /tmp (JVM, Tomcat, ONNX Runtime's native libraries).
    assertThat(container.getVolumeMounts()).anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/tmp"));

    // Configuration by environment from the chart's ConfigMap.
    ConfigMap config = HelmChart.one(objects, ConfigMap.class);
    assertThat(container.getEnvFrom()).anySatisfy(source ->
        assertThat(source.getConfigMapRef().getName()).isEqualTo(config.getMetadata().getName()));
    assertThat(config.getData()).containsKey("MUQ_INFERENCE_DEVICE");
    assertThat(env(container, "MUQ_LIBRARY_BACKEND")).isEqualTo("lucene");
    assertThat(container.getEnv()).noneSatisfy(e -> assertThat(e.getName()).startsWith("MUQ_LIBRARY_SOLR_"));

    // No GPU asked for on the CPU default; no secret without an API key.
    assertThat(container.getResources().getLimits()).doesNotContainKey("nvidia.com/gpu");
    assertThat(HelmChart.all(objects, Secret.class)).isEmpty();

    // The Service and the PodDisruptionBudget select exactly the pods of the Deployment.
    Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();
    Service service = HelmChart.one(objects, Service.class);
    assertThat(podLabels).containsAllEntriesOf(service.getSpec().getSelector());
    assertThat(service.getSpec().getPorts().getFirst().getTargetPort().getStrVal()).isEqualTo("http");
    PodDisruptionBudget budget = HelmChart.one(objects, PodDisruptionBudget.class);
    assertThat(podLabels).containsAllEntriesOf(budget.getSpec().getSelector().getMatchLabels());
    assertThat(deployment.getSpec().getSelector().getMatchLabels()).isEqualTo(budget.getSpec().getSelector().getMatchLabels());

    assertNothingRunsAsRoot(objects);
  }

  @Test
  void probesUseTheActuatorHealthGroupsOnTheHttpPort() throws IOException {
    Container container = container(HelmChart.render());
    Map<String, Probe> probes = Map.of(
        "startup", container.getStartupProbe(),
        "liveness", container.getLivenessProbe(),
        "readiness", container.getReadinessProbe());
    assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo(ActuatorPaths.LIVENESS);
    assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo(ActuatorPaths.READINESS);
    assertThat(container.getStartupProbe().getHttpGet().getPath()).isEqualTo(ActuatorPaths.READINESS);
    probes.forEach((kind, probe) -> {
      assertThat(probe.getHttpGet().getPort().getStrVal()).as(kind).isEqualTo("http");
      assertThat(container.getPorts()).as(kind).extracting(ContainerPort::getName).contains("http");
    });
    // Model warm-up gets minutes before liveness may restart the pod.
    Probe startup = container.getStartupProbe();
    assertThat(startup.getPeriodSeconds() * startup.getFailureThreshold()).isGreaterThanOrEqualTo(120);
    // The image's own HEALTHCHECK asks the same readiness group.
    assertThat(Files.readString(RepoPaths.docker("healthcheck.sh"))).contains(ActuatorPaths.READINESS);
  }

  @Test
  void gpuValuesRequestAGpuOnGpuNodesWithTheCudaImage() throws IOException {
    List<HasMetadata> objects = HelmChart.render(GPU_VALUES);
    PodSpec pod = HelmChart.one(objects, Deployment.class).getSpec().getTemplate().getSpec();
    Container container = pod.getContainers().getFirst();

    assertThat(container.getResources().getLimits()).containsEntry("nvidia.com/gpu", new Quantity("1"));
    assertThat(container.getResources().getRequests()).containsEntry("nvidia.com/gpu", new Quantity("1"));
    assertThat(container.getResources().getLimits()).containsEntry("memory", new Quantity("8Gi"));
    assertThat(pod.getNodeSelector()).containsEntry("nvidia.com/gpu.present", "true");
    assertThat(pod.getTolerations()).anySatisfy(t -> {
      assertThat(t.getKey()).isEqualTo("nvidia.com/gpu");
      assertThat(t.getEffect()).isEqualTo("NoSchedule");
    });
    assertThat(container.getImage()).endsWith("-cuda");
    assertThat(env(container, "MUQ_INFERENCE_DEVICE")).isEqualTo("cuda");
    assertNothingRunsAsRoot(objects);
  }

  @Test
  void autoscalingTargetsTheDeploymentOnCpuAndQueueDepth() throws IOException {
    List<HasMetadata> objects = HelmChart.render(AUTOSCALING_VALUES);
    Deployment deployment = HelmChart.one(objects, Deployment.class);
    HorizontalPodAutoscaler hpa = HelmChart.one(objects, HorizontalPodAutoscaler.class);

    assertThat(hpa.getApiVersion()).isEqualTo("autoscaling/v2");
    var target = hpa.getSpec().getScaleTargetRef();
    assertThat(target.getApiVersion()).isEqualTo(deployment.getApiVersion());
    assertThat(target.getKind()).isEqualTo("Deployment");
    assertThat(target.getName()).isEqualTo(deployment.getMetadata().getName());
    assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(2);
    assertThat(hpa.getSpec().getMaxReplicas()).isEqualTo(10);
    // The HPA owns the replica count.
    assertThat(deployment.getSpec().getReplicas()).isNull();
    assertThat(deployment.getSpec().getStrategy().getType()).isEqualTo("RollingUpdate");

    List<MetricSpec> metrics = hpa.getSpec().getMetrics();
    assertThat(metrics).hasSize(2);
    assertThat(metrics).anySatisfy(metric -> {
      assertThat(metric.getType()).isEqualTo("Resource");
      assertThat(metric.getResource().getName()).isEqualTo("cpu");
      assertThat(metric.getResource().getTarget().getType()).isEqualTo("Utilization");
      assertThat(metric.getResource().getTarget().getAverageUtilization()).isEqualTo(65);
    });
    assertThat(metrics).anySatisfy(metric -> {
      assertThat(metric.getType()).isEqualTo("Pods");
      assertThat(metric.getPods().getMetric().getName()).isEqualTo(QUEUE_DEPTH_METRIC);
      assertThat(metric.getPods().getTarget().getType()).isEqualTo("AverageValue");
      assertThat(metric.getPods().getTarget().getAverageValue()).isEqualTo(new Quantity("8"));
    });
    var behavior = hpa.getSpec().getBehavior();
    assertThat(behavior.getScaleUp().getStabilizationWindowSeconds()).isZero();
    assertThat(behavior.getScaleUp().getPolicies()).isNotEmpty();
    assertThat(behavior.getScaleDown().getStabilizationWindowSeconds()).isGreaterThanOrEqualTo(60);
    assertThat(behavior.getScaleDown().getPolicies()).isNotEmpty();

    // No embedded library: no claim; stateless pods.
    assertThat(HelmChart.all(objects, PersistentVolumeClaim.class)).isEmpty();
    // The API key comes from the chart's Secret.
    Container container = container(objects);
    Secret secret = HelmChart.one(objects, Secret.class);
    EnvVar key = container.getEnv().stream().filter(e -> e.getName().equals("MUQ_API_KEY")).findFirst().orElseThrow();
    assertThat(key.getValueFrom().getSecretKeyRef().getName()).isEqualTo(secret.getMetadata().getName());
    assertThat(secret.getData()).containsKey(key.getValueFrom().getSecretKeyRef().getKey());
    // Prometheus scrapes the actuator endpoint; traffic only reaches the HTTP port.
    GenericKubernetesResource monitor = HelmChart.one(objects, GenericKubernetesResource.class);
    assertThat(monitor.getKind()).isEqualTo("ServiceMonitor");
    @SuppressWarnings("unchecked")
    var endpoints = (List<Map<String, Object>>) ((Map<String, Object>) monitor.getAdditionalProperties().get("spec")).get("endpoints");
    assertThat(endpoints.getFirst()).containsEntry("path", ActuatorPaths.PROMETHEUS).containsEntry("port", "http");
    NetworkPolicy policy = HelmChart.one(objects, NetworkPolicy.class);
    assertThat(policy.getSpec().getIngress().getFirst().getPorts().getFirst().getPort().getStrVal()).isEqualTo("http");
    assertNothingRunsAsRoot(objects);
  }

  @Test
  void solrBackendDropsTheVolumeScalesTheWholeServiceAndKeepsCredentialsInASecret() throws IOException {
    List<HasMetadata> objects = HelmChart.render(SOLR_VALUES);
    Deployment deployment = HelmChart.one(objects, Deployment.class);
    PodSpec pod = deployment.getSpec().getTemplate().getSpec();
    Container container = pod.getContainers().getFirst();

    // No claim: the index is the shared SolrCloud collection; the library dir is scratch only.
    assertThat(HelmChart.all(objects, PersistentVolumeClaim.class)).isEmpty();
    assertThat(pod.getVolumes()).noneSatisfy(v -> assertThat(v.getPersistentVolumeClaim()).isNotNull());
    assertThat(pod.getVolumes()).anySatisfy(v -> {
      assertThat(v.getName()).isEqualTo("library");
      assertThat(v.getEmptyDir()).isNotNull();
    });
    // The autoscaler is on (autoscaling.enabled left empty) and owns the replica count.
    HorizontalPodAutoscaler hpa = HelmChart.one(objects, HorizontalPodAutoscaler.class);
    assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo(deployment.getMetadata().getName());
    assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(2);
    assertThat(hpa.getSpec().getMaxReplicas()).isEqualTo(12);
    assertThat(deployment.getSpec().getReplicas()).isNull();
    assertThat(deployment.getSpec().getStrategy().getType()).isEqualTo("RollingUpdate");

    // The service's own settings, bound from the rendered environment exactly as Spring Boot will.
    Secret secret = HelmChart.one(objects, Secret.class);
    SolrLibrarySettings settings = bindSolrSettings(container, secret);
    assertThat(settings.zkHosts()).containsExactly("muq-solrcloud-zookeeper-client:2181");
    assertThat(settings.zkChroot()).isEqualTo("/solr");
    assertThat(settings.collection()).isEqualTo("muq-library");
    assertThat(settings.shards()).isEqualTo(2);
    assertThat(settings.replicationFactor()).isEqualTo(2);
    assertThat(settings.minReplicationFactor()).isEqualTo(2);
    assertThat(settings.knnTopK()).isEqualTo(500);
    assertThat(settings.username()).isEqualTo("muq");
    assertThat(settings.password()).isEqualTo("change-me");
    assertThat(env(container, "MUQ_LIBRARY_BACKEND")).isEqualTo("solr");
    // The password is only in the Secret, never in the pod spec or the ConfigMap.
    assertThat(container.getEnv()).filteredOn(e -> e.getName().equals("MUQ_LIBRARY_SOLR_PASSWORD"))
        .singleElement().satisfies(e -> {
          assertThat(e.getValue()).isNull();
          assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo(secret.getMetadata().getName());
        });
    assertThat(HelmChart.one(objects, ConfigMap.class).getData().values()).noneMatch(v -> v.contains("change-me"));
    // ZooKeeper and Solr must be reachable through the NetworkPolicy.
    NetworkPolicy policy = HelmChart.one(objects, NetworkPolicy.class);
    assertThat(policy.getSpec().getEgress()).anySatisfy(rule -> {
      assertThat(rule.getTo()).isNullOrEmpty();
      assertThat(rule.getPorts()).isNullOrEmpty();
    });
    assertNothingRunsAsRoot(objects);
  }

  @Test
  void solrBackendRunsAFixedReplicaCountWhenAutoscalingIsOff(@TempDir Path dir) throws IOException {
    Path values = Files.writeString(dir.resolve("fixed.yaml"),
        "replicaCount: 3\nautoscaling:\n  enabled: false\nlibrary:\n  solr:\n    auth:\n      existingSecret: solr-basic-auth\n");
    List<HasMetadata> objects = HelmChart.render(SOLR_VALUES, values);
    assertThat(HelmChart.one(objects, Deployment.class).getSpec().getReplicas()).isEqualTo(3);
    assertThat(HelmChart.all(objects, HorizontalPodAutoscaler.class)).isEmpty();
    // An existing Secret is referenced, not made.
    assertThat(HelmChart.all(objects, Secret.class)).isEmpty();
    assertThat(container(objects).getEnv()).filteredOn(e -> e.getName().equals("MUQ_LIBRARY_SOLR_USERNAME"))
        .singleElement().satisfies(e -> assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo("solr-basic-auth"));
  }

  @Test
  void solrBackendWithoutAClusterOrCredentialsIsRefused(@TempDir Path dir) throws IOException {
    Path noCluster = Files.writeString(dir.resolve("nocluster.yaml"), "library:\n  backend: solr\n");
    assertThatThrownBy(() -> HelmChart.template(noCluster)).hasMessageContaining("library.solr.zkHosts");
    Path noPassword = Files.writeString(dir.resolve("nopassword.yaml"), "library:\n  solr:\n    auth:\n      password: \"\"\n");
    assertThatThrownBy(() -> HelmChart.template(SOLR_VALUES, noPassword)).hasMessageContaining("library.solr.auth.enabled");
    Path unknownBackend = Files.writeString(dir.resolve("backend.yaml"), "library:\n  backend: elastic\n");
    assertThatThrownBy(() -> HelmChart.template(unknownBackend)).hasMessageContaining("backend");
  }

  /**
   * Binds {@code muq.library.solr} from a container's environment the way Spring Boot does for
   * the running pod (relaxed names), taking secret references from the rendered Secret.
   */
  static SolrLibrarySettings bindSolrSettings(Container container, Secret secret) {
    Map<String, Object> variables = new java.util.LinkedHashMap<>();
    for (EnvVar e : container.getEnv()) {
      if (e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null) {
        String encoded = secret.getData().get(e.getValueFrom().getSecretKeyRef().getKey());
        variables.put(e.getName(), new String(java.util.Base64.getDecoder().decode(encoded), java.nio.charset.StandardCharsets.UTF_8));
      } else {
        variables.put(e.getName(), e.getValue());
      }
    }
    var environment = new org.springframework.core.env.StandardEnvironment();
    environment.getPropertySources().addFirst(new org.springframework.core.env.SystemEnvironmentPropertySource(
        org.springframework.core.env.StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME + "-pod", variables));
    return org.springframework.boot.context.properties.bind.Binder.get(environment)
        .bind("muq.library.solr", SolrLibrarySettings.class).get();
  }

  @Test
  void modelSourceServesAHubModelFromTheLibraryVolumeWithAnOptionalTokenSecret(@TempDir Path dir) throws IOException {
    Container plain = container(HelmChart.render());
    assertThat(plain.getEnv()).noneMatch(e -> e.getName().equals("MUQ_BUNDLES") || e.getName().equals("HF_TOKEN"));
    assertThat(plain.getEnv()).anySatisfy(e -> {
      assertThat(e.getName()).isEqualTo("MUQ_MODEL_CACHE");
      assertThat(e.getValue()).isEqualTo("/data/models");
    });
    Path values = Files.writeString(dir.resolve("hf.yaml"),
        "model:\n  source: hf:OpenMuQ/MuQ-MuLan-large\n  hfToken:\n    existingSecret: hf-token\n");
    Container hf = container(HelmChart.render(values));
    assertThat(hf.getEnv()).filteredOn(e -> e.getName().equals("MUQ_BUNDLES"))
        .singleElement().satisfies(e -> assertThat(e.getValue()).isEqualTo("hf:OpenMuQ/MuQ-MuLan-large"));
    assertThat(hf.getEnv()).filteredOn(e -> e.getName().equals("HF_TOKEN")).singleElement().satisfies(e -> {
      assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo("hf-token");
      assertThat(e.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("token");
    });
    assertThat(hf.getEnv()).anySatisfy(e -> assertThat(e.getName()).isEqualTo("HF_HOME"));
    // The first start downloads and converts before it is ready: an hour, where a path gets minutes.
    Probe first = hf.getStartupProbe();
    assertThat(first.getPeriodSeconds() * first.getFailureThreshold()).isGreaterThanOrEqualTo(3600);
    Probe plainStartup = plain.getStartupProbe();
    assertThat(plainStartup.getPeriodSeconds() * plainStartup.getFailureThreshold()).isLessThan(3600);
    Path wrong = Files.writeString(dir.resolve("wrong.yaml"), "model:\n  source: OpenMuQ/MuQ-MuLan-large\n");
    assertThatThrownBy(() -> HelmChart.template(wrong)).hasMessageContaining("source");
  }

  @Test
  void schemaRejectsWrongTypes(@TempDir Path dir) throws IOException {
    Path wrongReplicas = Files.writeString(dir.resolve("replicas.yaml"), "replicaCount: two\n");
    assertThatThrownBy(() -> HelmChart.template(wrongReplicas))
        .hasMessageContaining("schema").hasMessageContaining("replicaCount");
    Path wrongGpu = Files.writeString(dir.resolve("gpu.yaml"), "gpu:\n  enabled: \"yes\"\n");
    assertThatThrownBy(() -> HelmChart.template(wrongGpu))
        .hasMessageContaining("schema").hasMessageContaining("enabled");
    Path typo = Files.writeString(dir.resolve("typo.yaml"), "autoscalling:\n  enabled: true\n");
    assertThatThrownBy(() -> HelmChart.template(typo)).hasMessageContaining("autoscalling");
  }

  @Test
  void scalingOutAnEmbeddedLibraryIsRefused(@TempDir Path dir) throws IOException {
    Path values = Files.writeString(dir.resolve("scale.yaml"), "autoscaling:\n  enabled: true\n  maxReplicas: 3\n");
    assertThatThrownBy(() -> HelmChart.template(values)).hasMessageContaining("library.embedded=false");
    Path replicas = Files.writeString(dir.resolve("replicas.yaml"), "replicaCount: 2\n");
    assertThatThrownBy(() -> HelmChart.template(replicas)).hasMessageContaining("library.embedded=false");
  }

  /** Every pod: non-root user, no privilege escalation, read-only root, never privileged. */
  static void assertNothingRunsAsRoot(List<HasMetadata> objects) throws IOException {
    long imageUid = imageUid();
    for (Deployment deployment : HelmChart.all(objects, Deployment.class)) {
      PodSpec pod = deployment.getSpec().getTemplate().getSpec();
      assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
      assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(imageUid);
      for (Container container : pod.getContainers()) {
        var context = container.getSecurityContext();
        assertThat(context.getRunAsNonRoot()).isTrue();
        if (context.getRunAsUser() != null) { // else the pod's non-root user applies
          assertThat(context.getRunAsUser()).as("container runAsUser").isPositive();
        }
        assertThat(context.getPrivileged()).as("privileged").isNotEqualTo(Boolean.TRUE);
        assertThat(context.getAllowPrivilegeEscalation()).isFalse();
        assertThat(context.getReadOnlyRootFilesystem()).isTrue();
        assertThat(context.getCapabilities().getDrop()).contains("ALL");
      }
    }
  }

  static Container container(List<HasMetadata> objects) {
    return HelmChart.one(objects, Deployment.class).getSpec().getTemplate().getSpec().getContainers().getFirst();
  }

  static ContainerPort httpPort(Container container) {
    return container.getPorts().stream().filter(p -> "http".equals(p.getName())).findFirst().orElseThrow();
  }

  static String env(Container container, String name) {
    return container.getEnv().stream().filter(e -> e.getName().equals(name)).map(EnvVar::getValue)
        .findFirst().orElseThrow(() -> new AssertionError("no env " + name));
  }

  /** The port the CPU image serves on (its SERVER_PORT), read from docker/Dockerfile. */
  static int imagePort() throws IOException {
    return Integer.parseInt(dockerfileValue("SERVER_PORT=(\\d+)"));
  }

  /** The image's non-root user id (ARG APP_UID), read from docker/Dockerfile. */
  static long imageUid() throws IOException {
    return Long.parseLong(dockerfileValue("ARG APP_UID=(\\d+)"));
  }

  private static String dockerfileValue(String regex) throws IOException {
    Matcher matcher = Pattern.compile(regex).matcher(Files.readString(RepoPaths.docker("Dockerfile")));
    if (!matcher.find()) {
      throw new AssertionError(regex + " not in docker/Dockerfile");
    }
    return matcher.group(1);
  }
}
