package ai.muq.importer;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A pickle reader that understands exactly what a PyTorch state dict's {@code data.pkl} needs and
 * refuses everything else. It never calls anything: the few globals it accepts (the tensor rebuild
 * functions, the storage classes, {@code OrderedDict}) are interpreted as data, and any other global
 * (such as {@code os.system}) or any opcode outside the supported protocol-2 subset stops the read
 * with a {@link CheckpointException} before later opcodes are even looked at.
 *
 * <p>Results are plain Java values: {@link String}, {@link Long} (or {@link BigInteger} beyond 64
 * bits), {@link Double}, {@link Boolean}, {@code null}, {@link List} for lists, {@link Tuple} for
 * tuples, {@link LinkedHashMap} for dicts and ordered dicts, {@link TensorRef} for tensors.
 */
public final class RestrictedUnpickler {

  /** A Python tuple. */
  public record Tuple(List<Object> items) {
    public Tuple {
      // Not List.copyOf: tuples may hold None.
      items = java.util.Collections.unmodifiableList(new ArrayList<>(items));
    }

    public int size() {
      return items.size();
    }

    public Object get(int i) {
      return items.get(i);
    }
  }

  /** A storage named by a persistent id: {@code ('storage', type, key, location, numel)}. */
  public record StorageRef(DType dtype, String key, String location, long numel) {}

  /** A tensor view of a storage, as {@code torch._utils._rebuild_tensor_v2} describes it. */
  public record TensorRef(StorageRef storage, long offset, long[] size, long[] stride) {}

  /** An accepted global, kept as its name; interpreted only when REDUCE applies it. */
  private record Global(String module, String name) {
    String qualified() {
      return module + "." + name;
    }
  }

  /** Storage class name (torch.XStorage) to element type. */
  private static final Map<String, DType> STORAGES =
      Map.of(
          "FloatStorage", DType.F32,
          "HalfStorage", DType.F16,
          "BFloat16Storage", DType.BF16,
          "DoubleStorage", DType.F64,
          "LongStorage", DType.I64,
          "IntStorage", DType.I32,
          "ShortStorage", DType.I16,
          "CharStorage", DType.I8,
          "ByteStorage", DType.U8,
          "BoolStorage", DType.BOOL);

  private static final Set<String> FUNCTIONS =
      Set.of(
          "torch._utils._rebuild_tensor_v2",
          "torch._utils._rebuild_parameter",
          "torch._utils._rebuild_parameter_with_state",
          "collections.OrderedDict",
          "torch.Size");

  private static final Object MARK = new Object();

  private final String source;
  private final byte[] data;
  private int pos;
  private final Deque<Object> stack = new ArrayDeque<>();
  private final Deque<Deque<Object>> marks = new ArrayDeque<>();
  private Deque<Object> current = stack;
  private final Map<Long, Object> memo = new HashMap<>();

  private RestrictedUnpickler(String source, byte[] data) {
    this.source = source;
    this.data = data;
  }

  /**
   * Reads one pickle.
   *
   * @param source names the pickle in error messages, e.g. {@code model.bin:archive/data.pkl}
   * @throws CheckpointException for a refused global or opcode, or a truncated or malformed pickle
   */
  public static Object load(String source, byte[] pickle) throws CheckpointException {
    return new RestrictedUnpickler(source, pickle).run();
  }

  private Object run() throws CheckpointException {
    try {
      while (true) {
        int op = u8();
        switch (op) {
          case 0x80 -> { // PROTO
            int proto = u8();
            if (proto > 5) {
              throw fail("pickle protocol " + proto + " is not supported");
            }
          }
          case 0x95 -> skip(8); // FRAME: a length hint only
          case '.' -> { // STOP
            Object result = pop();
            return result;
          }
          case '}' -> push(new LinkedHashMap<Object, Object>()); // EMPTY_DICT
          case ']' -> push(new ArrayList<Object>()); // EMPTY_LIST
          case ')' -> push(new Tuple(List.of())); // EMPTY_TUPLE
          case '(' -> { // MARK
            marks.push(current);
            current = new ArrayDeque<>();
          }
          case 't' -> push(new Tuple(popMark())); // TUPLE
          case 0x85 -> push(new Tuple(popN(1))); // TUPLE1
          case 0x86 -> push(new Tuple(popN(2))); // TUPLE2
          case 0x87 -> push(new Tuple(popN(3))); // TUPLE3
          case 'l' -> push(new ArrayList<>(popMark())); // LIST
          case 'd' -> { // DICT
            List<Object> items = popMark();
            Map<Object, Object> dict = new LinkedHashMap<>();
            putPairs(dict, items);
            push(dict);
          }
          case 'X' -> push(utf8(len32())); // BINUNICODE
          case 0x8c -> push(utf8(u8())); // SHORT_BINUNICODE
          case 0x8d -> push(utf8(len64())); // BINUNICODE8
          case 'T' -> push(latin1(len32())); // BINSTRING
          case 'U' -> push(latin1(u8())); // SHORT_BINSTRING
          case 'B' -> push(bytes(len32())); // BINBYTES
          case 'C' -> push(bytes(u8())); // SHORT_BINBYTES
          case 'J' -> push((long) i32()); // BININT
          case 'K' -> push((long) u8()); // BININT1
          case 'M' -> push((long) (u8() | (u8() << 8))); // BININT2
          case 0x8a -> push(long1(u8())); // LONG1
          case 0x8b -> push(long1(len32())); // LONG4
          case 'G' -> push(Double.longBitsToDouble(be64())); // BINFLOAT
          case 'N' -> push(null); // NONE
          case 0x88 -> push(Boolean.TRUE); // NEWTRUE
          case 0x89 -> push(Boolean.FALSE); // NEWFALSE
          case 'c' -> push(global(line(), line())); // GLOBAL
          case 0x93 -> { // STACK_GLOBAL
            Object name = pop();
            Object module = pop();
            if (!(module instanceof String m) || !(name instanceof String n)) {
              throw fail("STACK_GLOBAL needs two strings");
            }
            push(global(m, n));
          }
          case 'Q' -> push(persistentLoad(pop())); // BINPERSID
          case 'R' -> { // REDUCE
            Object args = pop();
            Object fn = pop();
            push(reduce(fn, args));
          }
          case 'b' -> { // BUILD
            Object state = pop();
            Object obj = peek();
            if (!(obj instanceof Map)) {
              throw fail("BUILD on " + describe(obj) + " is not supported");
            }
            // An OrderedDict's state is the state_dict's _metadata (module versions): not needed.
          }
          case 's' -> { // SETITEM
            Object value = pop();
            Object key = pop();
            dictOnTop().put(key, value);
          }
          case 'u' -> { // SETITEMS
            List<Object> items = popMark();
            putPairs(dictOnTop(), items);
          }
          case 'a' -> { // APPEND
            Object value = pop();
            listOnTop().add(value);
          }
          case 'e' -> { // APPENDS
            List<Object> items = popMark();
            listOnTop().addAll(items);
          }
          case 'h' -> push(memoGet(u8())); // BINGET
          case 'j' -> push(memoGet(len32())); // LONG_BINGET
          case 'q' -> memo.put((long) u8(), peek()); // BINPUT
          case 'r' -> memo.put(len32(), peek()); // LONG_BINPUT
          case 0x94 -> memo.put((long) memo.size(), peek()); // MEMOIZE
          case '0' -> pop(); // POP
          case '1' -> popMark(); // POP_MARK
          case '2' -> push(peek()); // DUP
          default ->
              throw fail(
                  String.format(
                      "opcode 0x%02x at byte %d is not allowed in a weights file (refused)", op, pos - 1));
        }
      }
    } catch (ArrayIndexOutOfBoundsException e) {
      throw fail("the pickle ends early (truncated or corrupt)");
    }
  }

  private Object global(String module, String name) throws CheckpointException {
    String q = module + "." + name;
    if (module.equals("torch") && STORAGES.containsKey(name)) {
      return new Global(module, name);
    }
    if (FUNCTIONS.contains(q)) {
      return new Global(module, name);
    }
    throw fail(
        "refusing global " + q + ": a weights file may only name torch tensor rebuild functions,"
            + " torch storage types and collections.OrderedDict (a checkpoint must never run code)");
  }

  private Object persistentLoad(Object pid) throws CheckpointException {
    if (!(pid instanceof Tuple t)
        || t.size() != 5
        || !"storage".equals(t.get(0))
        || !(t.get(1) instanceof Global type)
        || !(t.get(2) instanceof String key)
        || !(t.get(3) instanceof String location)
        || !(t.get(4) instanceof Long numel)) {
      throw fail("unsupported persistent id " + describe(pid) + " (expected a torch storage)");
    }
    DType dtype = type.module().equals("torch") ? STORAGES.get(type.name()) : null;
    if (dtype == null) {
      throw fail("persistent id names " + type.qualified() + ", which is not a torch storage type");
    }
    if (numel < 0) {
      throw fail("storage " + key + " has a negative size");
    }
    return new StorageRef(dtype, key, location, numel);
  }

  private Object reduce(Object fn, Object args) throws CheckpointException {
    if (!(fn instanceof Global g)) {
      throw fail("REDUCE on " + describe(fn) + " is not supported");
    }
    if (!(args instanceof Tuple a)) {
      throw fail("REDUCE of " + g.qualified() + " without an argument tuple");
    }
    return switch (g.qualified()) {
      case "torch._utils._rebuild_tensor_v2" -> rebuildTensor(a);
      case "torch._utils._rebuild_parameter", "torch._utils._rebuild_parameter_with_state" -> {
        if (a.size() < 1 || !(a.get(0) instanceof TensorRef data)) {
          throw fail(g.qualified() + " without a tensor");
        }
        yield data;
      }
      case "collections.OrderedDict" -> {
        Map<Object, Object> dict = new LinkedHashMap<>();
        if (a.size() == 1 && a.get(0) instanceof List<?> pairs) {
          for (Object p : pairs) {
            if (!(p instanceof Tuple kv) || kv.size() != 2) {
              throw fail("OrderedDict argument is not a list of pairs");
            }
            dict.put(kv.get(0), kv.get(1));
          }
        } else if (a.size() != 0) {
          throw fail("unsupported OrderedDict arguments " + describe(a));
        }
        yield dict;
      }
      case "torch.Size" -> {
        if (a.size() != 1 || !(a.get(0) instanceof Tuple dims)) {
          throw fail("unsupported torch.Size arguments");
        }
        yield dims;
      }
      default -> throw fail("the storage type " + g.qualified() + " cannot be called");
    };
  }

  private TensorRef rebuildTensor(Tuple a) throws CheckpointException {
    // (storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata])
    if (a.size() < 4
        || !(a.get(0) instanceof StorageRef storage)
        || !(a.get(1) instanceof Long offset)
        || !(a.get(2) instanceof Tuple size)
        || !(a.get(3) instanceof Tuple stride)
        || size.size() != stride.size()) {
      throw fail("malformed _rebuild_tensor_v2 arguments " + describe(a));
    }
    long[] sz = longs(size);
    long[] st = longs(stride);
    for (int i = 0; i < sz.length; i++) {
      if (sz[i] < 0 || st[i] < 0) {
        throw fail("negative size or stride in a tensor of storage " + storage.key());
      }
    }
    if (offset < 0) {
      throw fail("negative storage offset in a tensor of storage " + storage.key());
    }
    return new TensorRef(storage, offset, sz, st);
  }

  private long[] longs(Tuple t) throws CheckpointException {
    long[] out = new long[t.size()];
    for (int i = 0; i < out.length; i++) {
      if (!(t.get(i) instanceof Long v)) {
        throw fail("tensor size or stride is not an integer tuple");
      }
      out[i] = v;
    }
    return out;
  }

  private void putPairs(Map<Object, Object> dict, List<Object> items) throws CheckpointException {
    if (items.size() % 2 != 0) {
      throw fail("odd number of items for a dict");
    }
    for (int i = 0; i < items.size(); i += 2) {
      dict.put(items.get(i), items.get(i + 1));
    }
  }

  @SuppressWarnings("unchecked")
  private Map<Object, Object> dictOnTop() throws CheckpointException {
    Object top = peek();
    if (!(top instanceof Map)) {
      throw fail("SETITEM(S) on " + describe(top));
    }
    return (Map<Object, Object>) top;
  }

  @SuppressWarnings("unchecked")
  private List<Object> listOnTop() throws CheckpointException {
    Object top = peek();
    if (!(top instanceof List)) {
      throw fail("APPEND(S) on " + describe(top));
    }
    return (List<Object>) top;
  }

  private Object memoGet(long index) throws CheckpointException {
    if (!memo.containsKey(index)) {
      throw fail("memo entry " + index + " is read before it is written");
    }
    return memo.get(index);
  }

  // --- the stack: ArrayDeque refuses null, so None is stored as a sentinel -------------------------

  private static final Object NONE = new Object();

  private void push(Object o) {
    current.push(o == null ? NONE : o);
  }

  private Object pop() throws CheckpointException {
    if (current.isEmpty()) {
      throw fail("stack underflow (corrupt pickle)");
    }
    Object o = current.pop();
    return o == NONE ? null : o;
  }

  private Object peek() throws CheckpointException {
    if (current.isEmpty()) {
      throw fail("stack underflow (corrupt pickle)");
    }
    Object o = current.peek();
    return o == NONE ? null : o;
  }

  private List<Object> popN(int n) throws CheckpointException {
    Object[] items = new Object[n];
    for (int i = n - 1; i >= 0; i--) {
      items[i] = pop();
    }
    return java.util.Arrays.asList(items);
  }

  /** Everything pushed since the last MARK, oldest first; restores the outer stack. */
  private List<Object> popMark() throws CheckpointException {
    if (marks.isEmpty()) {
      throw fail("no MARK on the stack (corrupt pickle)");
    }
    List<Object> items = new ArrayList<>(current.size());
    for (java.util.Iterator<Object> it = current.descendingIterator(); it.hasNext(); ) {
      Object o = it.next();
      items.add(o == NONE ? null : o);
    }
    current = marks.pop();
    return items;
  }

  // --- raw reads ---------------------------------------------------------------------------------

  private int u8() {
    return data[pos++] & 0xFF;
  }

  private void skip(int n) {
    need(n);
    pos += n;
  }

  private void need(long n) {
    if (n < 0 || pos + n > data.length) {
      throw new ArrayIndexOutOfBoundsException();
    }
  }

  private int i32() {
    need(4);
    int v = (data[pos] & 0xFF) | (data[pos + 1] & 0xFF) << 8 | (data[pos + 2] & 0xFF) << 16 | data[pos + 3] << 24;
    pos += 4;
    return v;
  }

  private long len32() {
    return i32() & 0xFFFFFFFFL;
  }

  private long len64() throws CheckpointException {
    need(8);
    long v = 0;
    for (int i = 7; i >= 0; i--) {
      v = (v << 8) | (data[pos + i] & 0xFF);
    }
    pos += 8;
    if (v < 0) {
      throw fail("impossible length");
    }
    return v;
  }

  private long be64() {
    need(8);
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (data[pos + i] & 0xFF);
    }
    pos += 8;
    return v;
  }

  private Object long1(long n) {
    need(n);
    if (n == 0) {
      return 0L;
    }
    byte[] be = new byte[(int) n];
    for (int i = 0; i < n; i++) {
      be[i] = data[pos + (int) n - 1 - i]; // little-endian two's complement -> big-endian
    }
    pos += (int) n;
    BigInteger v = new BigInteger(be);
    return v.bitLength() < 64 ? (Object) v.longValue() : v;
  }

  private String utf8(long n) {
    need(n);
    String s = new String(data, pos, (int) n, StandardCharsets.UTF_8);
    pos += (int) n;
    return s;
  }

  private String latin1(long n) {
    need(n);
    String s = new String(data, pos, (int) n, StandardCharsets.ISO_8859_1);
    pos += (int) n;
    return s;
  }

  private byte[] bytes(long n) {
    need(n);
    byte[] b = java.util.Arrays.copyOfRange(data, pos, pos + (int) n);
    pos += (int) n;
    return b;
  }

  private String line() {
    int start = pos;
    while (data[pos] != '\n') {
      pos++;
    }
    String s = new String(data, start, pos - start, StandardCharsets.UTF_8);
    pos++;
    return s;
  }

  private static String describe(Object o) {
    if (o == null) {
      return "None";
    }
    if (o instanceof Global g) {
      return g.qualified();
    }
    String s = o.toString();
    return o.getClass().getSimpleName() + (s.length() > 60 ? "" : " " + s);
  }

  private CheckpointException fail(String what) {
    return new CheckpointException(source + ": " + what);
  }
}
