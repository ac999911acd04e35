package ai.muq.train;

import ai.djl.engine.Engine;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Makes libtorch's CPU training kernels run-to-run deterministic.
 *
 * <p>libtorch routes 2-D and 1-D convolutions to oneDNN, whose backward pass gave different
 * gradients for the same weights and batch from one call to the next on AMD Zen 5 with AVX-512
 * (with one thread too: only the MuQ convolution stem's gradients varied, every other gradient was
 * bit-identical). ATen's own convolution (im2col and GEMM, batch elements accumulated in order) is
 * deterministic, so training switches oneDNN off for the process. DJL offers no switch for it, so
 * this calls libtorch's {@code at::Context::setUserEnabledMkldnn} through the foreign-function API.
 *
 * <p>Under this setting a resumed run reproduces the uninterrupted run bit for bit, on one or many
 * intra-op threads, as long as the thread count is the same in both runs.
 */
public final class TorchDeterminism {

  private static final String LIBRARY = "libtorch_cpu.so";
  private static volatile Boolean applied;

  private TorchDeterminism() {}

  /**
   * Turns libtorch's oneDNN kernels off once per process.
   *
   * @return true when the setting holds, false (with the reason printed once) where libtorch's
   *     switch cannot be reached, for example on an operating system without /proc
   */
  public static synchronized boolean ensure() {
    if (applied == null) {
      Optional<String> problem = disableOneDnn();
      applied = problem.isEmpty();
      problem.ifPresent(
          p -> System.err.println(
              "warning: training may not be run-to-run deterministic (oneDNN stays on: " + p + ")"));
    }
    return applied;
  }

  /** Whether libtorch would use oneDNN now (for tests and diagnostics). */
  public static boolean oneDnnEnabled() {
    try {
      Context c = context();
      return (boolean) c.get.invokeExact(c.instance);
    } catch (Throwable e) {
      throw new IllegalStateException("cannot read libtorch's oneDNN switch: " + e.getMessage(), e);
    }
  }

  /** Turns oneDNN back on (benchmarks that want libtorch as users run it). */
  public static synchronized void restoreOneDnn() {
    try {
      Context c = context();
      c.set.invokeExact(c.instance, true);
      applied = null;
    } catch (Throwable e) {
      throw new IllegalStateException("cannot set libtorch's oneDNN switch: " + e.getMessage(), e);
    }
  }

  private static Optional<String> disableOneDnn() {
    try {
      Context c = context();
      c.set.invokeExact(c.instance, false);
      return Optional.empty();
    } catch (Throwable e) {
      return Optional.of(e.getMessage());
    }
  }

  private record Context(MemorySegment instance, MethodHandle get, MethodHandle set) {}

  private static Context context() throws Throwable {
    Engine.getEngine("PyTorch"); // loads libtorch into the process
    Path lib = loadedLibrary().orElseThrow(() -> new IOException(LIBRARY + " is not mapped into this process"));
    SymbolLookup symbols = SymbolLookup.libraryLookup(lib, Arena.global());
    Linker linker = Linker.nativeLinker();
    MethodHandle global = linker.downcallHandle(find(symbols, "_ZN2at13globalContextEv"), FunctionDescriptor.of(ValueLayout.ADDRESS));
    MethodHandle get = linker.downcallHandle(
        find(symbols, "_ZNK2at7Context17userEnabledMkldnnEv"), FunctionDescriptor.of(ValueLayout.JAVA_BOOLEAN, ValueLayout.ADDRESS));
    MethodHandle set = linker.downcallHandle(
        find(symbols, "_ZN2at7Context20setUserEnabledMkldnnEb"), FunctionDescriptor.ofVoid(ValueLayout.ADDRESS, ValueLayout.JAVA_BOOLEAN));
    return new Context((MemorySegment) global.invokeExact(), get, set);
  }

  private static MemorySegment find(SymbolLookup symbols, String name) throws IOException {
    return symbols.find(name).orElseThrow(() -> new IOException(LIBRARY + " lacks " + name));
  }

  /** The libtorch library DJL loaded, from the process's memory map (Linux). */
  private static Optional<Path> loadedLibrary() throws IOException {
    Path maps = Path.of("/proc/self/maps");
    if (!Files.isReadable(maps)) {
      return Optional.empty();
    }
    try (var lines = Files.lines(maps)) {
      return lines.map(l -> l.substring(l.lastIndexOf(' ') + 1))
          .filter(p -> p.endsWith("/" + LIBRARY))
          .findFirst()
          .map(Path::of);
    }
  }
}
