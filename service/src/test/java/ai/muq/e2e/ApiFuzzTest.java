package ai.muq.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import ai.muq.service.MuqServiceApplication;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.FileSystemUtils;

/**
 * Property-based fuzzing of every operation in api-spec/openapi.yaml against the running app (tiny
 * bundle, random port, a fresh library folder). Each try builds a valid request from the
 * operation's schemas, then maybe mutates it (wrong types, missing and extra fields, huge and empty
 * values, NUL bytes, invalid UTF-8, deep nesting, hostile ids and cursors, broken multipart, wrong
 * content types and methods), sends it over a raw socket and checks: no 5xx; every 4xx is
 * problem+json whose type the contract lists for that operation; no stack trace or server path in
 * any answer; the service stays live; a sentinel track stays intact and nothing is written beside
 * the library folder.
 *
 * <p>The seed is fixed, so CI runs the same requests each time; {@code -Dmuq.fuzz.tries=N} (the
 * surefire configuration maps it to jqwik's default tries) runs longer. Inputs that failed once
 * are plain tests in {@link ContainerErrorsEndToEndTest}.
 */
class ApiFuzzTest {

  static final String MODEL = "muq-mulan-tiny";
  static final String SENTINEL = "fuzz-sentinel";
  static final int RATE = 24_000;
  static final ObjectMapper JSON = new ObjectMapper();
  /** Marks a place in a serialised body where raw bytes (invalid UTF-8, deep nesting) go. */
  static final String MARK = "\uE000RAW\uE000";

  static ConfigurableApplicationContext app;
  static int port;
  static Path root;
  static Path libraryDir;
  static String sentinelSha;
  static OpenApiContract contract;
  static byte[] wavShort;
  static byte[] wavTwoClips;

  @BeforeContainer
  static void start() throws Exception {
    contract = OpenApiContract.load();
    root = Files.createTempDirectory("muq-fuzz");
    libraryDir = root.resolve("library");
    app = new SpringApplicationBuilder(MuqServiceApplication.class).properties(
        "server.port=0",
        "server.address=127.0.0.1",
        "muq.bundles=src/test/resources/bundles/tiny",
        "muq.inference.device=cpu",
        "muq.inference.intra-op-threads=1",
        "muq.api.max-audio-bytes=3MB",
        "muq.api.max-audio-seconds=60",
        "muq.api.max-inputs=16",
        "muq.library.dir=" + libraryDir,
        "logging.level.ai.muq=WARN").run();
    port = ((WebServerApplicationContext) app).getWebServer().getPort();
    wavShort = Fixtures.wav16(Fixtures.music(1, RATE, 1), RATE);
    wavTwoClips = Fixtures.wav16(Fixtures.music(12, RATE, 2), RATE);
    Multipart m = new Multipart();
    m.file("file", "sentinel.wav", "audio/wav", Fixtures.wav16(Fixtures.music(2, RATE, 3), RATE));
    m.text("metadata", "application/json", "{\"id\":\"" + SENTINEL + "\",\"title\":\"kept\"}");
    RawHttp.Response added = RawHttp.send(port, "POST /v1/tracks HTTP/1.1\r\nContent-Type: " + m.contentType(), m.bytes());
    assertThat(added.status()).as(added.toString()).isEqualTo(201);
    sentinelSha = JSON.readTree(added.body()).path("track").path("content_sha256").asText();
  }

  /** How often each operation answered each status and type: printed at the end, to show what was reached. */
  static final Map<String, Integer> ANSWERS = new java.util.TreeMap<>();

  @AfterContainer
  static void stop() throws Exception {
    StringBuilder summary = new StringBuilder("fuzz answers (operation status type: count):");
    ANSWERS.forEach((k, n) -> summary.append("\n  ").append(k).append(": ").append(n));
    System.out.println(summary);
    if (app != null) {
      app.close();
    }
    if (root != null) {
      FileSystemUtils.deleteRecursively(root);
    }
  }

  /** One request: where it goes, what it is, and which problem types may answer it. */
  record Case(String operation, String mutation, String method, String target, Map<String, String> headers,
      byte[] body, Set<String> allowedTypes) {

    @Override
    public String toString() {
      String shown = body == null ? "" : new String(body, 0, Math.min(body.length, 600), StandardCharsets.ISO_8859_1);
      return operation + " [" + mutation + "] " + method + " "
          + (target.length() > 300 ? target.substring(0, 300) + "..." : target) + " " + headers
          + (body == null ? "" : " body(" + body.length + "B): " + shown);
    }
  }

  @Property(seed = "20261203")
  void everyAnswerIsSuccessOrADocumentedProblem(@ForAll("cases") Case c) throws Exception {
    StringBuilder head = new StringBuilder(c.method()).append(' ').append(c.target()).append(" HTTP/1.1");
    c.headers().forEach((k, v) -> head.append("\r\n").append(k).append(": ").append(v));
    RawHttp.Response r = RawHttp.send(port, head.toString(), c.body());
    String why = c + "\n=> " + r;
    ANSWERS.merge(c.operation() + " " + r.status() + " " + typeSlug(r), 1, Integer::sum);

    assertThat(r.status()).as(why).isLessThan(500);
    if (r.status() >= 400) {
      assertThat(r.contentType()).as(why).startsWith("application/problem+json");
      JsonNode p = JSON.readTree(r.body());
      assertThat(p.path("status").asInt()).as(why).isEqualTo(r.status());
      assertThat(c.allowedTypes()).as("problem type not listed in the contract: " + why)
          .contains(p.path("type").asText());
    }
    assertThat(r.body()).as(why).doesNotContain("\tat ", "Exception:", "org.apache.", "org.springframework.",
        "ai.muq.", "java.lang.", libraryDir.toString(), System.getProperty("user.dir"));

    RawHttp.Response live = RawHttp.send(port, "GET /actuator/health/liveness HTTP/1.1", null);
    assertThat(live.status()).as("liveness after " + why).isEqualTo(200);
    RawHttp.Response kept = RawHttp.send(port, "GET /v1/tracks/" + SENTINEL + " HTTP/1.1", null);
    assertThat(kept.status()).as("sentinel after " + why).isEqualTo(200);
    assertThat(JSON.readTree(kept.body()).path("content_sha256").asText()).isEqualTo(sentinelSha);
    try (Stream<Path> beside = Files.list(root)) {
      assertThat(beside.map(x -> x.getFileName().toString())).as("written beside the library: " + why)
          .containsOnly("library");
    }
  }

  static String typeSlug(RawHttp.Response r) {
    if (r.status() < 400) {
      return "";
    }
    try {
      return JSON.readTree(r.body()).path("type").asText().replace(OpenApiContract.PREFIX, "");
    } catch (Exception e) {
      return "(not JSON)";
    }
  }

  @Provide
  Arbitrary<Case> cases() {
    return Arbitraries.of(contract.operations).flatMap(op -> Combinators.combine(
        valid(op.bodySchema(), ""), Arbitraries.of(Mutation.values()), Arbitraries.randoms())
        .as((body, mutation, random) -> build(op, body, mutation, random)));
  }

  // ---------------------------------------------------------------- valid values from the schemas

  static final List<String> TEXTS = List.of("calm piano", "heavy metal with distorted guitars", "", "a",
      "jazz", "\u00e9l\u00e8ve \u6b4c\u66f2 \ud83c\udfb5");

  /** A value the schema accepts (hints by property name make it meaningful, not only well-typed). */
  @SuppressWarnings("unchecked")
  Arbitrary<Object> valid(Map<String, Object> schema, String name) {
    schema = contract.resolve(schema);
    if (schema == null) {
      return Arbitraries.just((Object) null);
    }
    if (schema.containsKey("const")) {
      return Arbitraries.just(schema.get("const"));
    }
    if (schema.get("enum") instanceof List<?> values) {
      return Arbitraries.of((List<Object>) values);
    }
    if (schema.get("oneOf") instanceof List<?> alternatives) {
      List<Arbitrary<Object>> each = new ArrayList<>();
      alternatives.forEach(a -> each.add(valid((Map<String, Object>) a, name)));
      return Arbitraries.oneOf(each);
    }
    String type = String.valueOf(schema.get("type"));
    return switch (type) {
      case "object" -> object(schema);
      case "array" -> {
        int min = schema.get("minItems") instanceof Integer i ? i : 0;
        yield valid((Map<String, Object>) schema.get("items"), name).list().ofMinSize(min).ofMaxSize(3)
            .map(l -> (Object) l);
      }
      case "integer" -> {
        long min = schema.get("minimum") instanceof Number n ? n.longValue() : 0;
        long max = schema.get("maximum") instanceof Number n ? Math.min(n.longValue(), min + 20) : min + 20;
        yield Arbitraries.longs().between(min, max).map(v -> (Object) v);
      }
      case "number" -> Arbitraries.doubles().between(0, 1).map(v -> (Object) v);
      case "boolean" -> Arbitraries.of(true, false).map(v -> (Object) v);
      default -> string(schema, name);
    };
  }

  @SuppressWarnings("unchecked")
  Arbitrary<Object> object(Map<String, Object> schema) {
    Map<String, Object> props = (Map<String, Object>) schema.getOrDefault("properties", Map.of());
    List<String> required = (List<String>) schema.getOrDefault("required", List.of());
    List<Arbitrary<Object>> fields = new ArrayList<>();
    List<String> names = new ArrayList<>(props.keySet());
    for (String n : names) {
      Arbitrary<Object> v = valid((Map<String, Object>) props.get(n), n);
      fields.add(required.contains(n) ? v : v.injectNull(0.5));
    }
    Arbitrary<Object> extra = schema.get("additionalProperties") instanceof Map<?, ?> ap
        ? Arbitraries.maps(Arbitraries.of("genre", "bpm", "mood"), valid((Map<String, Object>) ap, "attr"))
            .ofMaxSize(2).map(m -> (Object) m)
        : Arbitraries.just(Map.of());
    return Combinators.combine(Combinators.combine(fields).as(l -> l), extra).as((values, more) -> {
      Map<String, Object> out = new LinkedHashMap<>((Map<String, Object>) more);
      for (int i = 0; i < names.size(); i++) {
        if (values.get(i) != null) {
          out.put(names.get(i), values.get(i));
        }
      }
      return out;
    });
  }

  @SuppressWarnings("unchecked")
  Arbitrary<Object> string(Map<String, Object> schema, String name) {
    if ("binary".equals(schema.get("format"))) {
      return Arbitraries.of(wavShort, wavShort, wavTwoClips).map(b -> (Object) b);
    }
    if (schema.get("contentSchema") instanceof Map<?, ?> content) {
      return valid((Map<String, Object>) content, name).map(ApiFuzzTest::json);
    }
    return switch (name) {
      case "model" -> Arbitraries.of(MODEL, MODEL, "muq-mulan", "muq", "no-such-model").map(v -> (Object) v);
      case "audio" -> Arbitraries.just("data:audio/wav;base64," + Base64.getEncoder().encodeToString(wavShort));
      case "input" -> Arbitraries.oneOf(Arbitraries.of(TEXTS),
          Arbitraries.just("data:audio/wav;base64," + Base64.getEncoder().encodeToString(wavShort))).map(v -> (Object) v);
      case "id", "track_id" -> ids().map(v -> (Object) v);
      case "layers" -> Arbitraries.of("all", "0", "0,1", "2").map(v -> (Object) v);
      case "prompt" -> Arbitraries.of("{label} music", "a {label} song").map(v -> (Object) v);
      case "cursor" -> Arbitraries.of("", "dDE", "t1").map(v -> (Object) v);
      default -> Arbitraries.oneOf(Arbitraries.of(TEXTS), Arbitraries.strings().alpha().ofMaxLength(12))
          .map(v -> (Object) v);
    };
  }

  /** Ids of tracks the fuzz adds and reads back, and sometimes unknown ones; never the sentinel's. */
  static final List<String> IDS = List.of("t1", "t2", "t3", "unknown-track", "a.b:c_d-e");

  static Arbitrary<String> ids() {
    return Arbitraries.of(IDS);
  }

  static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  // ---------------------------------------------------------------- mutations

  enum Mutation {
    NONE, DROP_FIELD, EXTRA_FIELD, WRONG_TYPE, HUGE_VALUE, EMPTY_VALUE, NUL_BYTES, INVALID_UTF8, DEEP_NESTING,
    HOSTILE_ID, HOSTILE_QUERY, TRUNCATED_BODY, BROKEN_MULTIPART, WRONG_CONTENT_TYPE, WRONG_METHOD, WRONG_ACCEPT,
    HOSTILE_HEADER, NO_BODY
  }

  static final List<String> HOSTILE_IDS = List.of("..", "..%2F..%2Fetc%2Fpasswd", "%2Fetc%2Fpasswd",
      "..%5C..%5Cwindows", "%00", "a%00b", "%ff%fe", "%c0%ae%c0%ae", "a%", "%zz", "....%2F%2F", "%2e%2e",
      "%2e%2e%2f%2e%2e", ".%2E/.%2E/etc", "x;jsessionid=1", "~root", "CON", "%20", "%F0%9F%8E%B5",
      "a".repeat(5000), "-leading-dash", "t1%0d%0aX-Injected:%20yes");
  static final List<String> HOSTILE_VALUES = List.of("../../../etc/passwd", "/etc/passwd", "C:\\Windows\\win.ini",
      "..\\..\\x", "a/b", "\u0000", "t1\u0000.wav", "%2F", "file:///etc/passwd", "http://127.0.0.1:1/",
      "${jndi:ldap://x}", "' OR 1=1 --", "*:*", "\u202e\u0000\uffff", "{label}{label}{label}");
  static final List<String> HOSTILE_QUERIES = List.of("cursor=%00%ff%fe-not-a-cursor", "cursor=..%2F..%2Fetc",
      "cursor=%2Fetc%2Fpasswd", "cursor=" + "A".repeat(9000), "cursor=%", "cursor=%zz", "limit=-1", "limit=0",
      "limit=99999999999", "limit=abc", "limit=1e3", "limit=", "limit=%ff", "cursor=a&cursor=b", "%ff=%fe",
      "model=%00", "top_k=-5&mode=%ff");
  static final List<String> CONTENT_TYPES = List.of("text/plain", "application/xml", "application/json",
      "multipart/form-data; boundary=zz", "multipart/form-data", ";;;", "application/json; charset=ebcdic",
      "application/x-www-form-urlencoded", "image/png", "*/*", "application/merge-patch+json");

  Case build(OpenApiContract.Operation op, Object body, Mutation mutation, Random rnd) {
    Set<String> allowed = new LinkedHashSet<>(op.problemTypes());
    String method = op.method();
    String path = op.path();
    List<String> query = new ArrayList<>();
    for (OpenApiContract.Param p : op.params()) {
      Object v = paramValue(p, rnd);
      if ("path".equals(p.in())) {
        String id = mutation == Mutation.HOSTILE_ID ? pick(rnd, HOSTILE_IDS) : String.valueOf(v);
        path = path.replace("{" + p.name() + "}", id);
      } else if (p.required() || rnd.nextBoolean()) {
        query.add(p.name() + "=" + URLEncoder.encode(String.valueOf(v), StandardCharsets.UTF_8));
      }
    }
    if (mutation == Mutation.HOSTILE_ID) {
      allowed.addAll(contract.unmatchedProblemTypes); // a hostile id may leave the path template
    }
    if (mutation == Mutation.HOSTILE_QUERY) {
      query.add(pick(rnd, HOSTILE_QUERIES));
    }
    if (mutation == Mutation.WRONG_METHOD) {
      List<String> others = new ArrayList<>(List.of("GET", "POST", "PUT", "PATCH", "DELETE", "BREW"));
      others.removeAll(contract.methodsOf(op.path()));
      method = pick(rnd, others);
      allowed = new LinkedHashSet<>(contract.unmatchedProblemTypes);
    }
    Object mutated = mutateValue(copy(body), mutation, rnd);
    Map<String, String> headers = new LinkedHashMap<>();
    byte[] bytes = null;
    if (op.bodyType() != null && mutation != Mutation.NO_BODY) {
      if (op.bodyType().startsWith("multipart/")) {
        Multipart m = multipart(mutated, mutation, rnd);
        headers.put("Content-Type", m.contentType());
        bytes = m.bytes();
        if (mutation == Mutation.BROKEN_MULTIPART) {
          int how = rnd.nextInt(4);
          if (how == 0) {
            headers.put("Content-Type", "multipart/form-data; boundary=not-the-boundary");
          } else if (how == 1) {
            headers.put("Content-Type", "multipart/form-data");
          } else if (how == 2) {
            bytes = java.util.Arrays.copyOf(bytes, Math.max(1, bytes.length - 2 - rnd.nextInt(Math.min(bytes.length, 400))));
          } else {
            bytes = new String(bytes, StandardCharsets.ISO_8859_1).replace("Content-Disposition: form-data; ", "X: ")
                .getBytes(StandardCharsets.ISO_8859_1);
          }
        }
      } else {
        headers.put("Content-Type", op.bodyType());
        bytes = raw(json(mutated), mutation, rnd);
      }
      if (mutation == Mutation.TRUNCATED_BODY && bytes.length > 1) {
        bytes = java.util.Arrays.copyOf(bytes, rnd.nextInt(bytes.length));
      }
    } else if (mutation == Mutation.NO_BODY || mutation == Mutation.TRUNCATED_BODY) {
      bytes = new byte[0];
    }
    if (mutation == Mutation.WRONG_CONTENT_TYPE) {
      if (rnd.nextInt(5) == 0) {
        headers.remove("Content-Type");
      } else {
        headers.put("Content-Type", pick(rnd, CONTENT_TYPES));
      }
      if (bytes == null) {
        bytes = "{}".getBytes(StandardCharsets.UTF_8);
      }
    }
    if (mutation == Mutation.WRONG_ACCEPT) {
      headers.put("Accept", pick(rnd, List.of("application/xml", "text/html", "image/png", "application/x-npy",
          "application/json;q=0", ";;;")));
    }
    if (mutation == Mutation.HOSTILE_HEADER) {
      switch (rnd.nextInt(4)) {
        case 0 -> headers.put("X-Big", "a".repeat(20_000));
        case 1 -> headers.put("X-Request-Id", "../../etc/passwd\u00ff");
        case 2 -> headers.put("Authorization", "Bearer " + "\u00ff".repeat(10));
        default -> headers.put("Content-Length", "-1");
      }
    }
    String target = path + (query.isEmpty() ? "" : "?" + String.join("&", query));
    return new Case(op.id(), mutation.name(), method, target, headers, bytes, allowed);
  }

  /** A valid path or query value (drawn from the try's randomness, so the fixed seed fixes it). */
  static Object paramValue(OpenApiContract.Param p, Random rnd) {
    return switch (String.valueOf(p.schema().get("type"))) {
      case "integer" -> {
        long min = p.schema().get("minimum") instanceof Number n ? n.longValue() : 0;
        yield min + rnd.nextInt(20);
      }
      case "boolean" -> rnd.nextBoolean();
      default -> p.name().equals("id") ? pick(rnd, IDS) : pick(rnd, List.of("", "dDE", "t1", "abc"));
    };
  }

  /** Structural mutations of the (JSON or form) value: at a random place in its tree. */
  @SuppressWarnings("unchecked")
  static Object mutateValue(Object body, Mutation mutation, Random rnd) {
    if (!(body instanceof Map<?, ?>)) {
      return body;
    }
    Map<String, Object> node = randomObject((Map<String, Object>) body, rnd);
    List<String> keys = new ArrayList<>(node.keySet());
    String key = keys.isEmpty() ? "zz" : pick(rnd, keys);
    switch (mutation) {
      case DROP_FIELD -> node.remove(key);
      case EXTRA_FIELD -> node.put("zz_extra_" + rnd.nextInt(3), pick(rnd, List.of("x", 1, List.of(), Map.of("a", 1))));
      case WRONG_TYPE -> node.put(key, pick(rnd, wrongTypes(node.get(key))));
      case HUGE_VALUE -> node.put(key, switch (rnd.nextInt(5)) {
        case 0 -> "x".repeat(200_000);
        case 1 -> new BigInteger("9".repeat(400));
        case 2 -> Long.MAX_VALUE;
        case 3 -> java.util.Collections.nCopies(5_000, "jazz");
        default -> -1.0e308;
      });
      case EMPTY_VALUE -> node.put(key, pick(rnd, List.of("", List.of(), Map.of())));
      case NUL_BYTES -> node.put(key, "a\u0000b\u0000");
      case INVALID_UTF8, DEEP_NESTING -> node.put(key, MARK);
      case HOSTILE_ID -> {
        for (String k : List.of("id", "track_id", "model", "cursor")) {
          if (node.containsKey(k) || rnd.nextInt(4) == 0) {
            node.put(k, pick(rnd, HOSTILE_VALUES));
          }
        }
      }
      default -> { }
    }
    return body;
  }

  static List<Object> wrongTypes(Object v) {
    List<Object> all = new ArrayList<>(List.of("text", 42, 3.5, true, List.of(1, 2), Map.of("k", "v")));
    all.add(null);
    if (v != null) {
      all.removeIf(x -> x != null && x.getClass() == v.getClass());
    }
    return all;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> randomObject(Map<String, Object> top, Random rnd) {
    List<Map<String, Object>> objects = new ArrayList<>();
    collect(top, objects);
    return objects.get(rnd.nextInt(objects.size()));
  }

  @SuppressWarnings("unchecked")
  static void collect(Object v, List<Map<String, Object>> into) {
    if (v instanceof Map<?, ?> m) {
      into.add((Map<String, Object>) m);
      m.values().forEach(x -> collect(x, into));
    } else if (v instanceof List<?> l) {
      l.forEach(x -> collect(x, into));
    }
  }

  @SuppressWarnings("unchecked")
  static Object copy(Object v) {
    if (v instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach((k, x) -> out.put((String) k, copy(x)));
      return out;
    }
    if (v instanceof List<?> l) {
      List<Object> out = new ArrayList<>();
      l.forEach(x -> out.add(copy(x)));
      return out;
    }
    return v;
  }

  /** The text as UTF-8, with the mark replaced by invalid UTF-8 bytes or deeply nested arrays. */
  static byte[] raw(String text, Mutation mutation, Random rnd) {
    byte[] plain = text.getBytes(StandardCharsets.UTF_8);
    String markJson = json(MARK);
    int at = text.indexOf(markJson);
    if (at < 0) {
      at = text.indexOf(MARK);
      markJson = MARK;
    }
    if (at < 0) {
      return plain;
    }
    byte[] insert;
    if (mutation == Mutation.DEEP_NESTING) {
      int depth = pick(rnd, List.of(600, 5_000, 100_000));
      insert = ("[".repeat(depth) + "]".repeat(depth)).getBytes(StandardCharsets.UTF_8);
    } else {
      insert = pick(rnd, List.of(new byte[] {'"', (byte) 0xff, (byte) 0xfe, '"'},
          new byte[] {'"', 'a', (byte) 0xc3, '(', '"'}, new byte[] {'"', (byte) 0xed, (byte) 0xa0, (byte) 0x80, '"'},
          new byte[] {'"', (byte) 0xc0, (byte) 0xaf, '"'}));
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] before = text.substring(0, at).getBytes(StandardCharsets.UTF_8);
    out.writeBytes(before);
    out.writeBytes(insert);
    out.writeBytes(text.substring(at + markJson.length()).getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }

  /** The form value as multipart/form-data: binary parts as files, JSON-schema strings as JSON parts. */
  @SuppressWarnings("unchecked")
  static Multipart multipart(Object form, Mutation mutation, Random rnd) {
    Multipart m = new Multipart();
    if (form instanceof Map<?, ?> fields) {
      for (var f : ((Map<String, Object>) fields).entrySet()) {
        Object v = f.getValue();
        if (v instanceof byte[] audio) {
          byte[] file = audio;
          if (mutation == Mutation.HUGE_VALUE && rnd.nextBoolean()) {
            file = java.util.Arrays.copyOf(audio, 3_500_000);
          } else if (mutation == Mutation.EMPTY_VALUE && rnd.nextBoolean()) {
            file = new byte[0];
          } else if (mutation == Mutation.TRUNCATED_BODY) {
            file = java.util.Arrays.copyOf(audio, rnd.nextInt(60));
          }
          String name = mutation == Mutation.HOSTILE_ID ? pick(rnd, HOSTILE_VALUES) : "clip.wav";
          m.file(f.getKey(), name, mutation == Mutation.WRONG_CONTENT_TYPE ? "text/plain" : "audio/wav", file);
        } else if (v instanceof List<?> list) {
          list.forEach(x -> m.text(f.getKey(), null, raw(String.valueOf(x), mutation, rnd)));
        } else {
          String text = v instanceof Map<?, ?> || v == null ? json(v) : String.valueOf(v);
          m.text(f.getKey(), f.getKey().equals("metadata") ? "application/json" : null, raw(text, mutation, rnd));
        }
      }
    }
    return m;
  }

  static <T> T pick(Random rnd, List<T> from) {
    return from.get(rnd.nextInt(from.size()));
  }

  /** A multipart/form-data body written by hand, so it can carry anything. */
  static final class Multipart {
    final String boundary = "fuzzb0undary";
    final ByteArrayOutputStream out = new ByteArrayOutputStream();

    void file(String name, String filename, String type, byte[] content) {
      header("Content-Disposition: form-data; name=\"" + name + "\"; filename=\"" + filename + "\"\r\nContent-Type: " + type);
      out.writeBytes(content);
      out.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
    }

    void text(String name, String type, String value) {
      text(name, type, value.getBytes(StandardCharsets.UTF_8));
    }

    void text(String name, String type, byte[] value) {
      header("Content-Disposition: form-data; name=\"" + name + "\"" + (type == null ? "" : "\r\nContent-Type: " + type));
      out.writeBytes(value);
      out.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
    }

    private void header(String lines) {
      out.writeBytes(("--" + boundary + "\r\n" + lines + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
    }

    String contentType() {
      return "multipart/form-data; boundary=" + boundary;
    }

    byte[] bytes() {
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      all.writeBytes(out.toByteArray());
      all.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.ISO_8859_1));
      return all.toByteArray();
    }
  }
}
