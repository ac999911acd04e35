package ai.muq.importer;

import ai.muq.importer.RestrictedUnpickler.StorageRef;
import ai.muq.importer.RestrictedUnpickler.TensorRef;
import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Reads a PyTorch zip checkpoint ({@code torch.save} since torch 1.6, e.g. {@code
 * pytorch_model.bin}): a zip holding {@code <record>/data.pkl} (the pickled object, with tensors as
 * persistent references to storages), {@code <record>/data/<key>} (raw storages) and small files such
 * as {@code version} and {@code byteorder}.
 *
 * <p>The record folder is whatever single top-level folder holds {@code data.pkl} (torch uses the
 * file's stem or {@code archive}). The pickle is read by {@link RestrictedUnpickler}, so a checkpoint
 * never runs code. A state dict wrapped in an outer dict (under {@code state_dict}, {@code model},
 * ...) is found. Storages are streamed from the zip when a tensor is converted, one tensor at a time;
 * views with a storage offset and any strides are gathered into row-major order.
 */
public final class TorchCheckpointReader implements CheckpointReader {

  /** Keys that commonly wrap a state dict inside a training checkpoint, tried in this order. */
  static final List<String> WRAPPER_KEYS =
      List.of("state_dict", "model_state_dict", "model", "module", "state", "ema");

  private final Path path;
  private final ZipFile zip;
  private final Map<String, TensorData> tensors;

  private TorchCheckpointReader(Path path, ZipFile zip, Map<String, TensorData> tensors) {
    this.path = path;
    this.zip = zip;
    this.tensors = tensors;
  }

  /**
   * Opens and indexes a zip checkpoint; storages are not read yet.
   *
   * @throws CheckpointException naming the file for a corrupt or truncated zip, a missing record, a
   *     refused pickle, a storage that is missing or too short, or a file without tensors
   */
  public static TorchCheckpointReader open(Path path) throws IOException {
    ZipFile zip;
    try {
      zip = new ZipFile(path.toFile());
    } catch (ZipException e) {
      throw new CheckpointException(
          path + " is not a complete zip archive (truncated or corrupt): " + e.getMessage());
    }
    try {
      TorchCheckpointReader reader = new TorchCheckpointReader(path, zip, index(path, zip));
      zip = null;
      return reader;
    } finally {
      if (zip != null) {
        zip.close();
      }
    }
  }

  private static Map<String, TensorData> index(Path path, ZipFile zip) throws IOException {
    String prefix = recordPrefix(path, zip);
    boolean bigEndian = false;
    ZipEntry byteorder = zip.getEntry(prefix + "byteorder");
    if (byteorder != null) {
      String order = new String(readAll(zip, byteorder, 64), StandardCharsets.US_ASCII).strip();
      if (order.equals("big")) {
        bigEndian = true;
      } else if (!order.equals("little")) {
        throw new CheckpointException(path + ": unknown byteorder '" + order + "'");
      }
    }
    ZipEntry pkl = zip.getEntry(prefix + "data.pkl");
    if (pkl.getSize() > Integer.MAX_VALUE - 8) {
      throw new CheckpointException(path + ": data.pkl is impossibly large");
    }
    byte[] pickle = readAll(zip, pkl, Integer.MAX_VALUE - 8);
    Object root = RestrictedUnpickler.load(path.getFileName() + ":" + pkl.getName(), pickle);
    Map<?, ?> stateDict = findStateDict(path, root);

    Map<String, TensorData> out = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : stateDict.entrySet()) {
      if (!(e.getValue() instanceof TensorRef ref)) {
        continue; // e.g. a version counter next to the tensors; not a weight
      }
      if (!(e.getKey() instanceof String name)) {
        throw new CheckpointException(path + ": a tensor has a non-string key " + e.getKey());
      }
      out.put(name, tensor(path, zip, prefix, name, ref, bigEndian));
    }
    return Collections.unmodifiableMap(out);
  }

  /** The single top-level folder that holds data.pkl, with its trailing slash. */
  private static String recordPrefix(Path path, ZipFile zip) throws CheckpointException {
    TreeSet<String> prefixes = new TreeSet<>();
    for (Enumeration<? extends ZipEntry> en = zip.entries(); en.hasMoreElements(); ) {
      String name = en.nextElement().getName();
      int slash = name.indexOf('/');
      if (slash > 0 && name.substring(slash + 1).equals("data.pkl")) {
        prefixes.add(name.substring(0, slash + 1));
      }
    }
    if (prefixes.isEmpty()) {
      throw new CheckpointException(
          path + " is a zip without <folder>/data.pkl: not a PyTorch checkpoint");
    }
    if (prefixes.size() > 1) {
      throw new CheckpointException(
          path + " holds several records " + prefixes + "; expected one folder with data.pkl");
    }
    return prefixes.first();
  }

  /** The map of tensors: the root itself, or the state dict one wrapper key down. */
  private static Map<?, ?> findStateDict(Path path, Object root) throws CheckpointException {
    if (!(root instanceof Map<?, ?> map)) {
      throw new CheckpointException(
          path + " does not hold a dict of tensors (its pickle is a "
              + (root == null ? "None" : root.getClass().getSimpleName()) + ")");
    }
    if (countTensors(map) > 0) {
      return map;
    }
    for (String key : WRAPPER_KEYS) {
      if (map.get(key) instanceof Map<?, ?> inner && countTensors(inner) > 0) {
        return inner;
      }
    }
    List<Object> candidates = new ArrayList<>();
    Map<?, ?> only = null;
    for (Map.Entry<?, ?> e : map.entrySet()) {
      if (e.getValue() instanceof Map<?, ?> inner && countTensors(inner) > 0) {
        candidates.add(e.getKey());
        only = inner;
      }
    }
    if (candidates.size() == 1) {
      return only;
    }
    if (candidates.isEmpty()) {
      throw new CheckpointException(path + " holds no tensors (top-level keys: " + map.keySet() + ")");
    }
    throw new CheckpointException(
        path + " holds several dicts of tensors " + candidates + "; cannot tell which is the model");
  }

  private static long countTensors(Map<?, ?> map) {
    return map.values().stream().filter(v -> v instanceof TensorRef).count();
  }

  private static TensorData tensor(
      Path path, ZipFile zip, String prefix, String name, TensorRef ref, boolean bigEndian)
      throws CheckpointException {
    StorageRef storage = ref.storage();
    ZipEntry entry = zip.getEntry(prefix + "data/" + storage.key());
    String where = path + ": tensor '" + name + "'";
    if (entry == null) {
      throw new CheckpointException(
          where + " refers to storage data/" + storage.key() + ", which the zip lacks (truncated?)");
    }
    int elem = storage.dtype().size();
    long numel;
    long span; // elements of the storage the view touches, from its offset
    try {
      numel = TensorData.numel(ref.size());
      span = numel == 0 ? 0 : 1;
      for (int i = 0; i < ref.size().length; i++) {
        if (ref.size()[i] > 0) {
          span = Math.addExact(span, Math.multiplyExact(ref.size()[i] - 1, ref.stride()[i]));
        }
      }
      if (Math.addExact(ref.offset(), span) > storage.numel()) {
        throw new CheckpointException(
            where + " reads elements " + ref.offset() + ".." + (ref.offset() + span) + " of storage data/"
                + storage.key() + ", which has " + storage.numel());
      }
      if (entry.getSize() >= 0 && Math.multiplyExact(storage.numel(), (long) elem) > entry.getSize()) {
        throw new CheckpointException(
            where + ": storage data/" + storage.key() + " holds " + entry.getSize() + " bytes but its "
                + storage.numel() + " " + storage.dtype() + " elements need "
                + storage.numel() * elem + " (truncated?)");
      }
    } catch (ArithmeticException e) {
      throw new CheckpointException(where + " has an impossibly large shape");
    }
    long spanBytes = span * elem;
    if (spanBytes > TensorData.MAX_ELEMENTS) {
      throw new CheckpointException(where + " is larger than 2 GB, more than one Java array holds");
    }
    long startByte = ref.offset() * elem;
    long[] size = ref.size();
    long[] stride = ref.stride();
    TensorData.RawData raw =
        () -> {
          byte[] bytes;
          try (InputStream in = zip.getInputStream(entry)) {
            in.skipNBytes(startByte);
            bytes = in.readNBytes((int) spanBytes);
          } catch (java.io.EOFException e) {
            bytes = new byte[0];
          } catch (ZipException e) {
            throw new CheckpointException(
                where + ": storage data/" + storage.key() + " cannot be read: " + e.getMessage());
          }
          if (bytes.length != spanBytes) {
            throw new CheckpointException(
                where + ": storage data/" + storage.key() + " ends early (truncated file)");
          }
          if (bigEndian && elem > 1) {
            swapBytes(bytes, elem);
          }
          return MemorySegment.ofArray(contiguous(bytes, elem, size, stride));
        };
    return new TensorData(name, storage.dtype(), size, raw);
  }

  /** The view's elements in row-major order; the bytes themselves when already contiguous. */
  static byte[] contiguous(byte[] span, int elem, long[] size, long[] stride) {
    long expect = 1;
    boolean rowMajor = true;
    for (int i = size.length - 1; i >= 0; i--) {
      if (size[i] != 1 && stride[i] != expect) {
        rowMajor = false;
        break;
      }
      expect *= size[i];
    }
    int numel = (int) TensorData.numel(size);
    if (rowMajor) {
      return span.length == (long) numel * elem ? span : java.util.Arrays.copyOf(span, numel * elem);
    }
    byte[] out = new byte[numel * elem];
    int rank = size.length;
    long[] idx = new long[rank];
    for (int n = 0; n < numel; n++) {
      long src = 0;
      for (int d = 0; d < rank; d++) {
        src += idx[d] * stride[d];
      }
      System.arraycopy(span, (int) (src * elem), out, n * elem, elem);
      for (int d = rank - 1; d >= 0; d--) {
        if (++idx[d] < size[d]) {
          break;
        }
        idx[d] = 0;
      }
    }
    return out;
  }

  private static void swapBytes(byte[] b, int elem) {
    for (int i = 0; i + elem <= b.length; i += elem) {
      for (int j = 0; j < elem / 2; j++) {
        byte t = b[i + j];
        b[i + j] = b[i + elem - 1 - j];
        b[i + elem - 1 - j] = t;
      }
    }
  }

  private static byte[] readAll(ZipFile zip, ZipEntry entry, int max) throws IOException {
    try (InputStream in = zip.getInputStream(entry)) {
      byte[] b = in.readNBytes(max);
      if (entry.getSize() >= 0 && b.length != entry.getSize()) {
        throw new CheckpointException(entry.getName() + " ends early (truncated file)");
      }
      return b;
    } catch (ZipException e) {
      throw new CheckpointException(entry.getName() + " cannot be read: " + e.getMessage());
    }
  }

  @Override
  public Path path() {
    return path;
  }

  @Override
  public Map<String, TensorData> tensors() {
    return tensors;
  }

  @Override
  public void close() throws IOException {
    zip.close();
  }
}
