// Polls "new or updated tracking" against AfterShip with Node's fetch, keeping the state in a
// file. Run: AFTERSHIP_API_KEY=... node examples/poll.mjs [state-file]
import { readFileSync, writeFileSync, renameSync } from 'node:fs';
import { Connector, poll } from 'aftership-connector-wasm';

const stateFile = process.argv[2] ?? 'poll-state.json';
let state = null;
try {
  state = readFileSync(stateFile, 'utf8');
} catch {
  // First poll: start a day ago.
}

const http = async ({ method, url, headers, body }) => {
  const answer = await fetch(url, { method, headers, body: body ?? undefined });
  return { status: answer.status, headers: [...answer.headers], body: new Uint8Array(await answer.arrayBuffer()) };
};

const result = await poll(new Connector(), {
  settings: { apiType: 'tracking', apiKey: process.env.AFTERSHIP_API_KEY ?? '' },
  trigger: 'tracking.tracking_updated',
  state,
  since: new Date(Date.now() - 86_400_000).toISOString(),
  http,
  onPage: ({ records, state: next }) => {
    for (const tracking of records) console.log(JSON.stringify({ id: tracking.id, updated_at: tracking.updated_at }));
    writeFileSync(`${stateFile}.tmp`, next);
    renameSync(`${stateFile}.tmp`, stateFile);
  },
});
console.error(`${result.records.length} new or updated trackings`);
