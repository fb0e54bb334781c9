// A poll helper over the connector's trigger exports: the same logic as the Rust runner's
// `watch`, with the HTTP done by a function the caller supplies.

const unwrap = (result) => {
  if ('error' in result) throw result.error;
  return result.ok;
};

/**
 * Polls `trigger` once, to the end of the listing, and returns the new or updated records
 * (objects, oldest first) with the state to keep for the next poll.
 *
 * `http(request)` sends `{ method, url, headers, body }` and resolves to `{ status, headers,
 * body }` (body as a string or bytes). `onPage({ records, state })`, when given, is awaited after
 * every page: store the records and the state there, together (a crash between the two would
 * emit a record again or lose it). Errors (a refused state, a failed call) are thrown.
 */
export async function poll(connector, { settings, trigger, http, state = null, since = null, nowUnixMs, onPage, maxPages = 10000 }) {
  if (typeof http !== 'function') throw new TypeError('http: expected a function (request) => Promise<response>');
  const started = unwrap(connector.triggerStart(trigger, { state, since, nowUnixMs }));
  let current = started.state;
  let input = started.input;
  const records = [];
  for (let page = 0; page < maxPages; page += 1) {
    const request = unwrap(connector.buildRequest(settings, started.operation, input, { nowUnixMs: Date.now() }));
    const response = await http(request);
    const outcome = unwrap(connector.parseResponse(settings, started.operation, input, response, { nowUnixMs: Date.now() }));
    const step = unwrap(connector.triggerStep(trigger, current, outcome.data, outcome.nextPage));
    const fresh = step.records.map((r) => JSON.parse(r));
    current = step.state;
    if (onPage) await onPage({ records: fresh, state: current });
    records.push(...fresh);
    if (step.nextInput === null) return { records, state: current };
    input = step.nextInput;
  }
  throw new Error(`poll: more than ${maxPages} pages`);
}
