// An AI assistant's MCP client against the packaged evidence-service: the official TypeScript SDK
// (@modelcontextprotocol/sdk), Streamable HTTP, with the person's Keycloak access token as its bearer.
//   node mcp-journey.mjs <config.json>
// The config (written by McpAssistantTest) names the MCP endpoint, the token endpoint, two Keycloak users (A owns the
// seeded evidence, B owns none of it), A's seeded item ids and a forged token. The script only observes: it lists,
// calls and reads as each user and prints the last line `RESULT {json}`; the test makes the checks. The SDK itself
// validates every structured tool result against the tool's output schema (callTool throws when one does not match).
import { readFileSync } from 'node:fs';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

const config = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const period = '2026-07-01/2026-09-30';

async function token(user) {
  const response = await fetch(config.tokenUrl, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'password', client_id: 'pulse-cli', username: user.username, password: user.password }),
  });
  if (!response.ok) throw new Error(`token for ${user.username}: ${response.status}`);
  return (await response.json()).access_token;
}

async function connect(bearer) {
  const client = new Client({ name: 'pulse-system-test', version: '1.0.0' });
  const headers = bearer ? { Authorization: `Bearer ${bearer}` } : {};
  await client.connect(new StreamableHTTPClientTransport(new URL(config.mcpUrl), { requestInit: { headers } }));
  return client;
}

/** A tool call as the assistant sees it: the structured result, or the error text. */
async function call(client, name, args) {
  const result = await client.callTool({ name, arguments: args });
  return {
    tool: name,
    isError: result.isError === true,
    structured: result.structuredContent ?? null,
    text: (result.content ?? []).filter((c) => c.type === 'text').map((c) => c.text).join('\n'),
  };
}

async function read(client, uri) {
  try {
    const result = await client.readResource({ uri });
    const contents = result.contents[0];
    return { mimeType: contents.mimeType, json: JSON.parse(contents.text) };
  } catch (error) {
    return { errorCode: error.code ?? null, error: String(error.message) };
  }
}

async function refused(bearer) {
  try {
    const client = await connect(bearer);
    await client.listTools();
    return { connected: true };
  } catch (error) {
    return { connected: false, error: String(error.message), code: error.code ?? null };
  }
}

async function everything(client, ids) {
  return {
    search: await call(client, 'search_evidence', { query: 'made the checkout endpoint respond much faster', period }),
    searchAllTime: await call(client, 'search_evidence', { query: 'checkout latency', limit: 25 }),
    getEvidence: await call(client, 'get_evidence', { id: ids.latency }),
    insights: await call(client, 'list_insights', { period }),
    achievements: await call(client, 'list_insights', { type: 'achievement', period: '2026-Q3', limit: 50 }),
    summary: await call(client, 'summarize_period', { start: '2026-07-01', end: '2026-09-30' }),
    draft: await call(client, 'draft_review', { period: 'Q3 2026' }),
    resource: await read(client, `pulse://evidence/${ids.latency}`),
  };
}

const a = await connect(await token(config.userA));
const tools = (await a.listTools()).tools.map((t) => ({
  name: t.name,
  description: t.description,
  inputSchema: t.inputSchema,
  outputSchema: t.outputSchema ?? null,
  readOnly: t.annotations?.readOnlyHint ?? null,
}));
const resourceTemplates = (await a.listResourceTemplates()).resourceTemplates.map((t) => t.uriTemplate);
const prompts = (await a.listPrompts()).prompts.map((p) => ({ name: p.name, arguments: (p.arguments ?? []).map((x) => x.name) }));
const prompt = await a.getPrompt({ name: 'self_review', arguments: { period: '2026-Q3' } });

const ofA = await everything(a, config.ids);
ofA.note = await call(a, 'add_note', {
  title: 'Paired with the mobile team on the release checklist',
  content: 'Wrote the checklist with them; the next release needed no hotfix.',
  tags: ['mobile', 'release'],
  occurred_at: '2026-09-15',
});
ofA.noteRead = ofA.note.isError ? null : await call(a, 'get_evidence', { id: ofA.note.structured.evidence_id });
ofA.badLimit = await call(a, 'search_evidence', { query: 'checkout', limit: 1000 });
ofA.badPeriod = await call(a, 'summarize_period', { start: '2026-09-30', end: '2026-07-01' });
ofA.unknownId = await call(a, 'get_evidence', { id: 'not-an-id' });
await a.close();

const b = await connect(await token(config.userB));
const ofB = await everything(b, config.ids);
ofB.noteRead = ofA.note.isError ? null : await call(b, 'get_evidence', { id: ofA.note.structured.evidence_id });
ofB.noteResource = ofA.note.isError ? null : await read(b, `pulse://evidence/${ofA.note.structured.evidence_id}`);
await b.close();

const result = {
  tools,
  resourceTemplates,
  prompts,
  prompt: { description: prompt.description, text: prompt.messages.map((m) => m.content.text).join('\n') },
  a: ofA,
  b: ofB,
  withoutToken: await refused(null),
  withForgedToken: await refused(config.forgedToken),
};
console.log(`RESULT ${JSON.stringify(result)}`);
