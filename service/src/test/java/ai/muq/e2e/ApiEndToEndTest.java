package ai.muq.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.muq.client.EmbeddingInput;
import ai.muq.client.EmbeddingVector;
import ai.muq.client.api.EmbeddingsApi;
import ai.muq.client.api.ModelsApi;
import ai.muq.client.api.SimilarityApi;
import ai.muq.client.api.TaggingApi;
import ai.muq.client.model.AudioEmbeddingResponse;
import ai.muq.client.model.EmbeddingRequest;
import ai.muq.client.model.EmbeddingResponse;
import ai.muq.client.model.Model;
import ai.muq.client.model.SimilarityItem;
import ai.muq.client.model.SimilarityRequest;
import ai.muq.client.model.SimilarityResponse;
import ai.muq.client.model.TagResponse;
import ai.muq.client.model.TagScore;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every endpoint of the inference API, through the generated SDK, on the tiny bundle. */
class ApiEndToEndTest extends EndToEndBase {

  static final int RATE = 24_000;

  static String dataUri(byte[] wav) {
    return "data:audio/wav;base64," + Base64.getEncoder().encodeToString(wav);
  }

  static List<Float> vector(EmbeddingVector embedding) {
    List<Float> out = new ArrayList<>();
    for (float f : embedding.floats()) {
      out.add(f);
    }
    return out;
  }

  @Test
  void listsTheLoadedModelWithItsProvider() throws Exception {
    List<Model> models = new ModelsApi(client()).listModels().getData();
    assertThat(models).hasSize(1);
    Model m = models.getFirst();
    assertThat(m.getId()).isEqualTo(MODEL);
    assertThat(m.getKind()).isEqualTo(Model.KindEnum.MUQ_MULAN);
    assertThat(m.getEmbeddingDim()).isEqualTo(32);
    assertThat(m.getSampleRate()).isEqualTo(RATE);
    assertThat(m.getExecutionProvider()).isEqualTo("CPU");
    assertThat(m.getTextInput()).isEqualTo("hidden_states");
    assertThat(m.getCapabilities()).containsExactlyInAnyOrder(
        Model.CapabilitiesEnum.AUDIO_EMBEDDING, Model.CapabilitiesEnum.TEXT_EMBEDDING,
        Model.CapabilitiesEnum.HIDDEN_STATES);
    // The tiny bundle predates bundle.json's licence fields: it states none, and says so.
    assertThat(m.getLicense()).isEqualTo("NOASSERTION");
    assertThat(m.getLicenseNotes()).isNull();
  }

  @Test
  void openAiEmbeddingsOfTextsAndAudioShareOneSpace() throws Exception {
    byte[] wav = Fixtures.wav16(Fixtures.music(3, RATE, 1), RATE);
    EmbeddingResponse r = new EmbeddingsApi(client()).createEmbeddings(new EmbeddingRequest()
        .model(MODEL).input(EmbeddingInput.of(List.of("calm piano", dataUri(wav), "loud drums"))));
    assertThat(r.getData()).hasSize(3);
    assertThat(r.getModel()).isEqualTo(MODEL);
    for (int i = 0; i < 3; i++) {
      assertThat(r.getData().get(i).getIndex()).isEqualTo(i);
      assertThat(Fixtures.norm(vector(r.getData().get(i).getEmbedding()))).isCloseTo(1.0, within(1e-3));
    }
    assertThat(r.getUsage().getPromptTokens()).isPositive();
    // a single string input, and the base64 encoding of the same vector
    EmbeddingResponse one = new EmbeddingsApi(client()).createEmbeddings(
        new EmbeddingRequest().model("muq-mulan").input(EmbeddingInput.of("calm piano")));
    List<Float> text = vector(one.getData().getFirst().getEmbedding());
    assertThat(text).containsExactlyElementsOf(vector(r.getData().get(0).getEmbedding()));
    EmbeddingResponse b64 = new EmbeddingsApi(client()).createEmbeddings(new EmbeddingRequest()
        .model(MODEL).input(EmbeddingInput.of("calm piano")).encodingFormat(EmbeddingRequest.EncodingFormatEnum.BASE64));
    ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder().decode((String) b64.getData().getFirst().getEmbedding().toJson()))
        .order(ByteOrder.LITTLE_ENDIAN);
    for (float f : text) {
      assertThat(bytes.getFloat()).isEqualTo(f);
    }
  }

  @Test
  void audioEmbeddingAveragesItsClipsAndMatchesTheDataUriPath() throws Exception {
    float[] wave = Fixtures.music(23, RATE, 2); // 3 clips, the last one wrap-filled
    Path f = file("long.wav", Fixtures.wav16(wave, RATE));
    AudioEmbeddingResponse r = new EmbeddingsApi(client())
        .createAudioEmbedding(f.toFile(), MODEL, null, null, true, null);
    assertThat(r.getKind()).isEqualTo(AudioEmbeddingResponse.KindEnum.MUQ_MULAN);
    assertThat(r.getDurationSeconds().doubleValue()).isCloseTo(23.0, within(1e-3));
    assertThat(r.getClips()).hasSize(3);
    assertThat(r.getClips().get(2).getStart()).isEqualTo(20.0);
    assertThat(r.getClips().get(2).getEnd()).isCloseTo(23.0, within(1e-3));
    List<Float> mean = r.getEmbedding().getData();
    assertThat(r.getEmbedding().getShape()).containsExactly(32);
    for (int d = 0; d < mean.size(); d++) {
      double m = 0;
      for (var c : r.getClips()) {
        m += c.getEmbedding().getData().get(d);
      }
      assertThat(mean.get(d)).isCloseTo((float) (m / 3), within(1e-5f));
    }
    EmbeddingResponse viaUri = new EmbeddingsApi(client()).createEmbeddings(
        new EmbeddingRequest().model(MODEL).input(EmbeddingInput.of(dataUri(Fixtures.wav16(wave, RATE)))));
    List<Float> v = vector(viaUri.getData().getFirst().getEmbedding());
    for (int d = 0; d < v.size(); d++) {
      assertThat(v.get(d)).isCloseTo(mean.get(d), within(1e-5f));
    }
  }

  @Test
  void hiddenStatesWithLayersPoolingAndFrameTimes() throws Exception {
    Path f = file("feat.wav", Fixtures.wav16(Fixtures.music(4, RATE, 3), RATE));
    EmbeddingsApi api = new EmbeddingsApi(client());
    AudioEmbeddingResponse none = api.createAudioEmbedding(f.toFile(), "muq", "0,2", "none", null, null);
    assertThat(none.getHiddenStates()).hasSize(2);
    assertThat(none.getHiddenStates().get(1).getLayer()).isEqualTo(2);
    assertThat(none.getHiddenStates().get(0).getTensor().getShape()).containsExactly(100, 32);
    assertThat(none.getFrameRate().doubleValue()).isEqualTo(25.0);
    assertThat(none.getFrameTimes()).hasSize(100);
    assertThat(none.getFrameTimes().get(25)).isCloseTo(1.0, within(1e-9));
    AudioEmbeddingResponse mean = api.createAudioEmbedding(f.toFile(), "muq", "2", "mean", null, null);
    List<Float> frames = none.getHiddenStates().get(1).getTensor().getData();
    List<Float> pooled = mean.getHiddenStates().getFirst().getTensor().getData();
    assertThat(mean.getHiddenStates().getFirst().getTensor().getShape()).containsExactly(32);
    for (int d = 0; d < 32; d++) {
      double s = 0;
      for (int t = 0; t < 100; t++) {
        s += frames.get(t * 32 + d);
      }
      assertThat(pooled.get(d)).isCloseTo((float) (s / 100), within(1e-4f));
    }
    AudioEmbeddingResponse all = api.createAudioEmbedding(f.toFile(), MODEL, "all", "max", null, "base64");
    assertThat(all.getHiddenStates()).hasSize(3);
    assertThat(all.getHiddenStates().getFirst().getTensor().getDataBase64()).isNotBlank();
  }

  @Test
  void npyAnswerHoldsTheSameNumbers() throws Exception {
    byte[] wav = Fixtures.wav16(Fixtures.music(2, RATE, 4), RATE);
    AudioEmbeddingResponse json = new EmbeddingsApi(client())
        .createAudioEmbedding(file("n.wav", wav).toFile(), MODEL, null, null, null, null);
    String boundary = "b0undary";
    byte[] body = multipart(boundary, wav);
    HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(uri("/v1/audio/embeddings"))
        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .header("Accept", "application/x-npy")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/x-npy");
    byte[] npy = r.body();
    assertThat(new String(npy, 1, 5, StandardCharsets.US_ASCII)).isEqualTo("NUMPY");
    int headerLen = (npy[8] & 0xff) | (npy[9] & 0xff) << 8;
    String header = new String(npy, 10, headerLen, StandardCharsets.US_ASCII);
    assertThat(header).contains("'descr': '<f4'").contains("'shape': (32,)");
    assertThat((10 + headerLen) % 64).isZero();
    ByteBuffer data = ByteBuffer.wrap(npy, 10 + headerLen, 32 * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float f : json.getEmbedding().getData()) {
      assertThat(data.getFloat()).isEqualTo(f);
    }
  }

  static byte[] multipart(String boundary, byte[] wav) {
    String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.wav\"\r\n"
        + "Content-Type: audio/wav\r\n\r\n";
    String tail = "\r\n--" + boundary + "--\r\n";
    ByteBuffer b = ByteBuffer.allocate(head.length() + wav.length + tail.length());
    b.put(head.getBytes(StandardCharsets.US_ASCII)).put(wav).put(tail.getBytes(StandardCharsets.US_ASCII));
    return b.array();
  }

  @Test
  void tagsWithLabelsVocabularyModesAndTimeline() throws Exception {
    Path f = file("t.wav", Fixtures.wav16(Fixtures.music(12, RATE, 5), RATE));
    TaggingApi api = new TaggingApi(client());
    TagResponse single = api.tagAudio(f.toFile(), MODEL, List.of("piano", "drums", "violin"), null,
        null, 3, "single", true);
    assertThat(single.getMode()).isEqualTo(TagResponse.ModeEnum.SINGLE);
    assertThat(single.getTags()).hasSize(3);
    assertThat(single.getTags().stream().mapToDouble(TagScore::getScore).sum()).isCloseTo(1.0, within(1e-9));
    assertThat(single.getTags()).isSortedAccordingTo((a, b) -> Double.compare(b.getScore(), a.getScore()));
    assertThat(single.getSegments()).hasSize(2);
    assertThat(single.getSegments().get(1).getStart()).isEqualTo(10.0);
    assertThat(single.getSegments().get(1).getEnd()).isCloseTo(12.0, within(1e-6));

    // the generated SDK needs a list (it sends one part per label): empty means none
    TagResponse multi = api.tagAudio(f.toFile(), null, List.of(), "magnatagatune", "a recording of {label}",
        5, "multi", false);
    assertThat(multi.getTags()).hasSize(5);
    assertThat(multi.getSegments()).isNullOrEmpty();
    assertThat(multi.getTags()).allSatisfy(t -> assertThat(t.getScore()).isBetween(-1.0, 1.0));

    // multi-label scores are the dot products with the prompt embeddings
    TagResponse piano = api.tagAudio(f.toFile(), MODEL, List.of("piano"), null, null, 1, "multi", false);
    EmbeddingResponse e = new EmbeddingsApi(client()).createEmbeddings(new EmbeddingRequest().model(MODEL)
        .input(EmbeddingInput.of(List.of("piano music", dataUri(Fixtures.wav16(Fixtures.music(12, RATE, 5), RATE))))));
    List<Float> t = vector(e.getData().get(0).getEmbedding());
    List<Float> a = vector(e.getData().get(1).getEmbedding());
    double dot = 0;
    for (int i = 0; i < t.size(); i++) {
      dot += t.get(i) * a.get(i);
    }
    assertThat(piano.getTags().getFirst().getScore()).isCloseTo(dot, within(1e-5));
  }

  @Test
  void similarityScoresAreDotProducts() throws Exception {
    String a1 = dataUri(Fixtures.wav16(Fixtures.music(3, RATE, 6), RATE));
    String a2 = dataUri(Fixtures.wav16(Fixtures.music(3, RATE, 7), RATE));
    SimilarityResponse r = new SimilarityApi(client()).computeSimilarity(new SimilarityRequest()
        .model(MODEL)
        .queries(List.of(new SimilarityItem().text("calm piano"), new SimilarityItem().audio(a1)))
        .candidates(List.of(new SimilarityItem().audio(a1), new SimilarityItem().audio(a2))));
    assertThat(r.getScores()).hasSize(2);
    assertThat(r.getScores().get(1).get(0)).as("audio with itself").isCloseTo(1.0, within(1e-4));
    EmbeddingResponse e = new EmbeddingsApi(client()).createEmbeddings(
        new EmbeddingRequest().model(MODEL).input(EmbeddingInput.of(List.of("calm piano", a2))));
    List<Float> t = vector(e.getData().get(0).getEmbedding());
    List<Float> a = vector(e.getData().get(1).getEmbedding());
    double dot = 0;
    for (int i = 0; i < t.size(); i++) {
      dot += t.get(i) * a.get(i);
    }
    assertThat(r.getScores().get(0).get(1)).isCloseTo(dot, within(1e-5));
  }

  @Test
  void silenceIsValidAudio() throws Exception {
    Path f = file("silence.wav", Fixtures.wav16(new float[RATE * 2], RATE));
    AudioEmbeddingResponse r = new EmbeddingsApi(client())
        .createAudioEmbedding(f.toFile(), MODEL, null, null, null, null);
    assertThat(Fixtures.norm(r.getEmbedding().getData())).isCloseTo(1.0, within(1e-3));
  }
}
