// Run by TypeScriptSdkEndToEndTest in a temporary folder where @muq/client was installed from its
// tarball: node typescript-sdk-e2e.mjs <base-url> <clip.wav> <track-id>. Prints one JSON line of
// what it saw; exits non-zero on any failed check.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import {
  EmbeddingsApi, LibraryApi, ModelsApi, ProblemError, ResponseError, TaggingApi, muqConfiguration,
} from '@muq/client';

const [baseUrl, wavPath, trackId] = process.argv.slice(2);
const config = muqConfiguration({ basePath: baseUrl });
const wav = await readFile(wavPath);
const dot = (a, b) => a.reduce((s, x, i) => s + x * b[i], 0);
const out = {};

const models = await new ModelsApi(config).listModels();
out.models = models.data.map((m) => m.id);
out.embedding_dim = models.data[0].embedding_dim;

const embeddings = new EmbeddingsApi(config);
const text = await embeddings.createEmbeddings({
  embeddingRequest: { model: 'muq-mulan-tiny', input: ['calm piano', 'loud drums'] },
});
assert.equal(text.data.length, 2);
const piano = text.data[0].embedding;
assert.ok(Array.isArray(piano));
out.text_norm = Math.sqrt(dot(piano, piano));

// an upload as a Blob, the browser's type (a File works the same way)
const audio = await embeddings.createAudioEmbedding({
  file: new Blob([wav], { type: 'audio/wav' }), model: 'muq-mulan-tiny',
});
out.audio_dim = audio.embedding.shape[0];
out.audio_norm = Math.sqrt(dot(audio.embedding.data, audio.embedding.data));
out.duration_seconds = audio.duration_seconds;

const tags = await new TaggingApi(config).tagAudio({
  file: new File([wav], 'clip.wav', { type: 'audio/wav' }),
  // one part per label (the contract's encoding), so a label may hold a comma
  labels: ['piano', 'drums', 'violin', 'calm, slow'], mode: 'single', topK: 4,
});
out.tag_labels = tags.tags.map((t) => t.label).sort();
out.tag_sum = tags.tags.reduce((s, t) => s + t.score, 0);

const library = new LibraryApi(config);
const tag = `tag-${trackId}`;
const added = await library.addTrack({
  file: new Blob([wav], { type: 'audio/wav' }),
  metadata: { id: trackId, title: 'Früh – Tones', tags: [tag], attributes: { bpm: '90' } },
});
out.outcome = added.outcome;
out.title = added.track.title;
out.attributes = added.track.attributes;

const byText = await library.search({
  searchRequest: { text: 'calm piano', top_k: 5, filters: { tags_all: [tag] } },
});
out.search_ids = byText.results.map((h) => h.track.id);
const byAudio = await library.searchByAudio({
  file: new Blob([wav], { type: 'audio/wav' }), metadata: { top_k: 1, filters: { tags_all: [tag] } },
});
out.audio_search_ids = byAudio.results.map((h) => h.track.id);
out.audio_search_score = byAudio.results[0]?.score;

try {
  await embeddings.createEmbeddings({ embeddingRequest: { model: 'no-such-model', input: 'calm piano' } });
  assert.fail('an unknown model must be refused');
} catch (e) {
  assert.ok(e instanceof ProblemError, `expected a ProblemError, got ${e}`);
  assert.ok(e instanceof ResponseError);
  out.problem = { type: e.type, status: e.status, detail: e.detail, http_status: e.response.status };
}

console.log(JSON.stringify(out));
