package ai.muq.train;

import ai.muq.bundle.BundleTensors;
import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The frozen pretrained text encoder of MuQ-MuLan training: a BERT-style ONNX model and its
 * HuggingFace tokenizer, shipped in a Maven Central jar (bge-small-en-v1.5 or bge-small-zh-v1.5
 * from langchain4j's embeddings artifacts). It gives last hidden states [tokens, dim] per text;
 * results are cached since captions repeat across epochs.
 */
public final class TextBackbone implements AutoCloseable {

  /** A packaged backbone: class-path names of its graph and tokenizer. */
  public record Packaged(String name, String onnxResource, String tokenizerResource, int dim) {
    public static final Packaged BGE_SMALL_EN =
        new Packaged("bge-small-en-v1.5", "bge-small-en-v1.5.onnx", "bge-small-en-v1.5-tokenizer.json", 384);
    public static final Packaged BGE_SMALL_ZH =
        new Packaged("bge-small-zh-v1.5", "bge-small-zh-v1.5.onnx", "bge-small-zh-v1.5-tokenizer.json", 512);

    public static Packaged named(String name) {
      return switch (name) {
        case "bge-small-en-v1.5", "bge-small-en" -> BGE_SMALL_EN;
        case "bge-small-zh-v1.5", "bge-small-zh" -> BGE_SMALL_ZH;
        default -> throw new IllegalArgumentException("unknown text backbone '" + name + "'; known: bge-small-en-v1.5, bge-small-zh-v1.5");
      };
    }
  }

  /** Hidden states of one text. */
  public record Hidden(float[] values, int tokens, int dim) {}

  public static final int MAX_TOKENS = 128;

  private final Packaged packaged;
  private final OrtEnvironment env = OrtEnvironment.getEnvironment();
  private final OrtSession session;
  private final HuggingFaceTokenizer tokenizer;
  private final Map<String, Hidden> cache = new ConcurrentHashMap<>();

  public TextBackbone(Packaged packaged) throws IOException {
    this.packaged = packaged;
    Path dir = Files.createTempDirectory("muq-text-");
    dir.toFile().deleteOnExit();
    Path onnx = extract(packaged.onnxResource(), dir);
    Path tok = extract(packaged.tokenizerResource(), dir);
    try {
      OrtSession.SessionOptions opts = new OrtSession.SessionOptions();
      opts.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      session = env.createSession(onnx.toString(), opts);
    } catch (OrtException e) {
      throw new IOException("cannot load text backbone " + packaged.name() + ": " + e.getMessage(), e);
    }
    tokenizer = HuggingFaceTokenizer.builder().optTokenizerPath(tok).optMaxLength(MAX_TOKENS).optTruncation(true).optPadding(false).build();
    Files.deleteIfExists(onnx);
  }

  private static Path extract(String resource, Path dir) throws IOException {
    try (InputStream in = TextBackbone.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException("text backbone resource " + resource + " is not on the class path (its Maven jar is missing)");
      }
      Path f = dir.resolve(resource);
      Files.copy(in, f, StandardCopyOption.REPLACE_EXISTING);
      f.toFile().deleteOnExit();
      return f;
    }
  }

  public Packaged packaged() {
    return packaged;
  }

  public int dim() {
    return packaged.dim();
  }

  /** Last hidden states of one text, computed alone (no padding). */
  public Hidden hidden(String text) {
    return cache.computeIfAbsent(text, this::compute);
  }

  private Hidden compute(String text) {
    Encoding enc = tokenizer.encode(text);
    long[] ids = enc.getIds();
    long[] mask = enc.getAttentionMask();
    long[] types = enc.getTypeIds();
    long[] shape = {1, ids.length};
    try (OnnxTensor i = OnnxTensor.createTensor(env, LongBuffer.wrap(ids), shape);
        OnnxTensor m = OnnxTensor.createTensor(env, LongBuffer.wrap(mask), shape);
        OnnxTensor t = OnnxTensor.createTensor(env, LongBuffer.wrap(types), shape);
        OrtSession.Result r = session.run(Map.of(BundleTensors.INPUT_IDS, i, BundleTensors.ATTENTION_MASK, m, BundleTensors.TOKEN_TYPE_IDS, t))) {
      OnnxTensor out = (OnnxTensor) r.get(0);
      FloatBuffer fb = out.getFloatBuffer();
      float[] v = new float[fb.remaining()];
      fb.get(v);
      return new Hidden(v, ids.length, packaged.dim());
    } catch (OrtException e) {
      throw new IllegalStateException("text backbone failed on '" + text + "': " + e.getMessage(), e);
    }
  }

  @Override
  public void close() throws IOException {
    try {
      session.close();
    } catch (OrtException e) {
      throw new IOException(e);
    }
    tokenizer.close();
  }
}
