// Compiled by `npm run typecheck` (tsc --strict): the published types accept real use.
import { Connector, unwrap, ConnectorError, type HttpRequest } from '../lib/index.js';
const c = new Connector({ maxMemoryBytes: 1 << 26 });
const r = c.buildRequest({ apiType: 'tracking', apiKey: 'k' }, 'tracking.list_trackings', {}, { nowUnixMs: 1n });
if (r.error) { const k: string = r.error.kind; console.log(k); } else { const req: HttpRequest = r.ok; console.log(req.method); }
const o = unwrap(c.parseResponse({ apiType: 'tracking' }, 'x', '{}', { status: 200, headers: new Map(), body: 'x' }));
console.log(o.nextPage, ConnectorError);
