package ai.muq.inference;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.providers.OrtCUDAProviderOptions;
import ai.onnxruntime.providers.OrtTensorRTProviderOptions;
import java.nio.file.Path;
import java.util.EnumSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ONNX Runtime environment and the session options every graph is opened with. The execution
 * provider is chosen once, at construction, from {@code muq.inference.device} and what this build
 * and machine offer; it is logged and exposed through {@link #provider()}.
 */
public final class OrtRuntime {

  private static final Logger log = LoggerFactory.getLogger(OrtRuntime.class);

  private final OrtEnvironment env;
  private final InferenceProperties props;
  private final ExecutionProvider provider;

  public OrtRuntime(InferenceProperties props) {
    this.env = OrtEnvironment.getEnvironment();
    this.props = props;
    this.provider = choose();
    log.info(
        "ONNX Runtime {} execution provider: {} (muq.inference.device={}, available: {})",
        OrtEnvironment.getEnvironment().getVersion(),
        provider,
        props.device(),
        OrtEnvironment.getAvailableProviders());
  }

  public ExecutionProvider provider() {
    return provider;
  }

  public OrtEnvironment env() {
    return env;
  }

  /**
   * Stack of the threads that call into ONNX Runtime (session creation and the batchers' runs).
   * The service's -Xss is small (its few platform threads), and ORT's graph optimiser and kernels
   * run on the calling thread: a 1 MB main-thread stack was seen to crash ORT with SIGSEGV while a
   * large graph was loaded. Only the touched pages of a stack become resident.
   */
  public static final long ORT_CALLER_STACK_BYTES = 16L << 20;

  /** Opens a graph on a thread with {@link #ORT_CALLER_STACK_BYTES} of stack. */
  public OrtSession open(Path graph) throws OrtException {
    OrtSession[] session = new OrtSession[1];
    Throwable[] failure = new Throwable[1];
    Thread opener = Thread.ofPlatform().name("ort-open").stackSize(ORT_CALLER_STACK_BYTES).unstarted(() -> {
      try (OrtSession.SessionOptions options = options(provider)) {
        session[0] = env.createSession(graph.toString(), options);
      } catch (OrtException | RuntimeException | Error e) {
        failure[0] = e;
      }
    });
    opener.start();
    try {
      opener.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while opening " + graph, e);
    }
    switch (failure[0]) {
      case null -> {
        return session[0];
      }
      case OrtException e -> throw e;
      case RuntimeException e -> throw e;
      case Error e -> throw e;
      default -> throw new IllegalStateException(failure[0]);
    }
  }

  private ExecutionProvider choose() {
    if (props.device().equals("cpu")) {
      return ExecutionProvider.CPU;
    }
    EnumSet<OrtProvider> available = OrtEnvironment.getAvailableProviders();
    boolean cudaBuilt = available.contains(OrtProvider.CUDA);
    if (!cudaBuilt) {
      if (props.device().equals("cuda")) {
        throw new IllegalStateException(
            "muq.inference.device=cuda but this ONNX Runtime build has no CUDA provider "
                + "(build the service with -Pgpu)");
      }
      return ExecutionProvider.CPU;
    }
    if (props.tensorrt() && available.contains(OrtProvider.TENSOR_RT)) {
      ExecutionProvider trt = probe(ExecutionProvider.TENSORRT);
      if (trt != null) {
        return trt;
      }
    }
    ExecutionProvider cuda = probe(ExecutionProvider.CUDA);
    if (cuda != null) {
      return cuda;
    }
    if (props.device().equals("cuda")) {
      throw new IllegalStateException("muq.inference.device=cuda but CUDA could not be initialised");
    }
    return ExecutionProvider.CPU;
  }

  /** Returns the provider when its options can be built on this machine, else null. */
  private ExecutionProvider probe(ExecutionProvider candidate) {
    try (OrtSession.SessionOptions ignored = options(candidate)) {
      return candidate;
    } catch (OrtException | RuntimeException | LinkageError e) {
      log.warn("{} execution provider unavailable: {}", candidate, e.getMessage());
      return null;
    }
  }

  private OrtSession.SessionOptions options(ExecutionProvider which) throws OrtException {
    OrtSession.SessionOptions o = new OrtSession.SessionOptions();
    try {
      o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      o.setCPUArenaAllocator(props.cpuArena());
      if (props.intraOpThreads() > 0) {
        o.setIntraOpNumThreads(props.intraOpThreads());
      }
      if (props.interOpThreads() > 0) {
        o.setInterOpNumThreads(props.interOpThreads());
        o.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.PARALLEL);
      }
      if (which == ExecutionProvider.TENSORRT) {
        // The session options own provider options once added (closed with them).
        o.addTensorrt(new OrtTensorRTProviderOptions(props.deviceId()));
      }
      if (which == ExecutionProvider.CUDA || which == ExecutionProvider.TENSORRT) {
        OrtCUDAProviderOptions cuda = new OrtCUDAProviderOptions(props.deviceId());
        cuda.add("cudnn_conv_algo_search", props.cudnnConvAlgoSearch());
        cuda.add("arena_extend_strategy", props.arenaExtendStrategy());
        if (props.gpuMemLimitBytes() > 0) {
          cuda.add("gpu_mem_limit", Long.toString(props.gpuMemLimitBytes()));
        }
        o.addCUDA(cuda);
      }
      return o;
    } catch (OrtException | RuntimeException e) {
      o.close();
      throw e;
    }
  }
}
