// The poll helper over triggerStart / triggerStep, against an in-memory AfterShip that ignores
// its time filter and answers in no particular order.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Connector, TriggerError, poll } from '../lib/index.js';

const connector = new Connector();
const settings = { apiType: 'tracking', apiKey: 'test-api-key-0000' };
const TRIGGER = 'tracking.tracking_updated';

/** A fake GET /trackings: two per page, newest last on the first page, filter ignored. */
function fakeAfterShip(trackings) {
  const asked = [];
  const http = async (request) => {
    const url = new URL(request.url);
    asked.push(url.search);
    const page = Number((url.searchParams.get('cursor') ?? 'c1').slice(1));
    const all = [...trackings.values()].sort((a, b) => (a.id < b.id ? 1 : -1));
    const items = all.slice((page - 1) * 2, page * 2);
    const more = page * 2 < all.length;
    const body = JSON.stringify({
      meta: { code: 200 },
      data: { pagination: { has_next_page: more, next_cursor: more ? `c${page + 1}` : '' }, trackings: items },
    });
    return { status: 200, headers: [['content-type', 'application/json']], body };
  };
  return { http, asked };
}

test('a poll emits every record, then only the changes, then nothing', async () => {
  const trackings = new Map();
  const put = (id, at) => trackings.set(id, { id, updated_at: at, created_at: at });
  for (let i = 0; i < 5; i += 1) put(`t${i}`, `2026-03-01T10:00:0${i}Z`);
  const { http, asked } = fakeAfterShip(trackings);
  const stored = [];
  const first = await poll(connector, {
    settings, trigger: TRIGGER, http, since: '2026-03-01T00:00:00Z',
    onPage: ({ records, state }) => stored.push({ n: records.length, state }),
  });
  assert.deepEqual(first.records.map((r) => r.id).sort(), ['t0', 't1', 't2', 't3', 't4']);
  assert.equal(stored.length, 3, 'one onPage per page');
  assert.equal(stored.at(-1).state, first.state);
  assert.match(asked[0], /updated_at_min=2026-03-01T00%3A00%3A00%2B00%3A00/);

  put('t1', '2026-03-01T10:00:04Z'); // the same second as the newest seen
  put('t9', '2026-03-01T10:05:00Z');
  const second = await poll(connector, { settings, trigger: TRIGGER, http, state: first.state });
  assert.deepEqual(second.records.map((r) => `${r.id}@${r.updated_at}`).sort(), ['t1@2026-03-01T10:00:04Z', 't9@2026-03-01T10:05:00Z']);

  const third = await poll(connector, { settings, trigger: TRIGGER, http, state: second.state });
  assert.deepEqual(third.records, []);
});

test('a state of another version is refused with a typed error', () => {
  const state = JSON.parse(connector.triggerStart(TRIGGER, { since: '2026-03-01T00:00:00Z' }).ok.state);
  state.version = 0;
  const { error } = connector.triggerStart(TRIGGER, { state: JSON.stringify(state) });
  assert.ok(error instanceof TriggerError);
  assert.equal(error.kind, 'state_version');
  assert.equal(error.found, 0);
  assert.equal(error.expected, 1);
  assert.equal(connector.triggerStart('nope.none').error.kind, 'unknown_trigger');
  assert.throws(() => connector.triggerStep(TRIGGER, 42, '{}'), /state: expected a string/);
});
