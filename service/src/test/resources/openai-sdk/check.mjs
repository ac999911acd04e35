// Drives the running service with the official OpenAI Node SDK and prints one JSON object with
// what it saw; OpenAiSdkEndToEndTest asserts on it. Arguments: base URL (.../v1), model id, path
// of a WAV file to send as a data URI. No retries: every answer is the service's first.
import OpenAI from 'openai';
import { readFileSync } from 'node:fs';

const [baseURL, model, wavPath] = process.argv.slice(2);
const client = new OpenAI({ baseURL, apiKey: 'unused', maxRetries: 0, timeout: 60_000 });
const out = {};

async function failure(call) {
  try {
    await call();
    return { status: 200 };
  } catch (e) {
    return { status: e.status ?? null, kind: e.constructor.name };
  }
}

const list = await client.models.list();
out.listIds = list.data.map((m) => m.id);

const m = await client.models.retrieve(model);
out.retrieved = { id: m.id, object: m.object, created: m.created, owned_by: m.owned_by };
out.retrieveUnknown = await failure(() => client.models.retrieve('no-such-model'));

// The SDK asks for base64 by default and decodes it into numbers.
const b64 = await client.embeddings.create({ model, input: ['calm piano with strings', 'loud drums'] });
out.base64 = b64.data.map((d) => d.embedding);
const floats = await client.embeddings.create({
  model, input: ['calm piano with strings', 'loud drums'], encoding_format: 'float', user: 'user-1234',
});
out.float = floats.data.map((d) => d.embedding);
out.usage = floats.usage;

const dim = out.float[0].length;
const same = await client.embeddings.create({ model, input: 'calm piano', dimensions: dim });
out.sameDimensions = same.data[0].embedding.length;
out.otherDimensions = await failure(() =>
  client.embeddings.create({ model, input: 'calm piano', dimensions: 128 }));
out.tokenArray = await failure(() => client.embeddings.create({ model, input: [1212, 318, 257] }));
out.tokenArrays = await failure(() => client.embeddings.create({ model, input: [[1212, 318], [257]] }));

const uri = 'data:audio/wav;base64,' + readFileSync(wavPath).toString('base64');
const audio = await client.embeddings.create({ model, input: uri, encoding_format: 'float' });
out.audioLength = audio.data[0].embedding.length;

console.log(JSON.stringify(out));
