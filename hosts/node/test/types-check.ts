// Compiled by `npm run typecheck` (tsc --strict): the published types accept real use.
import { Connector, poll, unwrap, ConnectorError, type HttpRequest, type LaunchRequest, type HmacStatus, type TokenFields } from '../lib/index.js';
const c = new Connector({ maxMemoryBytes: 1 << 26 });
const r = c.buildRequest({ apiType: 'tracking', apiKey: 'k' }, 'tracking.list_trackings', {}, { nowUnixMs: 1n });
if (r.error) { const k: string = r.error.kind; console.log(k); } else { const req: HttpRequest = r.ok; console.log(req.method); }
const o = unwrap(c.parseResponse({ apiType: 'tracking' }, 'x', '{}', { status: 200, headers: new Map(), body: 'x' }));
console.log(o.nextPage, ConnectorError);
const app = { clientId: 'id', clientSecret: 's', redirectUri: 'https://app.test/cb' };
const launch = c.oauthVerifyLaunch(app, 'product=p&timestamp=1', { nowUnixMs: 1000n }, { toleranceMs: 5000, policy: 'report' });
if (launch.error) { const k: 'stale_request' | string = launch.error.kind; console.log(k, launch.error.toleranceMs); }
else {
  const l: LaunchRequest = launch.ok;
  const status: HmacStatus = l.hmac;
  const url = c.oauthAuthorizationUrl(app, { scopes: ['aftership:tracking:read'], state: 's'.repeat(16), product: l.product });
  console.log(status, url);
}
const fields: TokenFields = { accessToken: 'accessToken' };
const t = c.oauthParseTokenResponseWith({ status: 200, body: '{}' }, null, fields);
console.log(t, c.oauthVerifyRedirect(app, 'code=x&state=y', 'y', 'report'));
// Operation inputs are typed from the manifest: members, their types and their choices.
const typed = c.buildRequest({ apiType: 'tracking', apiKey: 'k' }, 'tracking.create_tracking', {
  body: { tracking_number: '123', slug: 'dhl', delivery_type: 'door_to_door', customers: [{ email: 'a@b.test' }] },
});
console.log(typed.ok?.url);
// @ts-expect-error: not one of the documented delivery types
c.buildRequest({ apiType: 'tracking' }, 'tracking.create_tracking', { body: { tracking_number: '1', delivery_type: 'by_drone' } });
const started = c.triggerStart('tracking.tracking_updated', { since: '2026-01-01T00:00:00Z' });
if (started.error) { const k: string = started.error.kind; console.log(k); }
else { const step = c.triggerStep('tracking.tracking_updated', started.ok.state, '{"trackings":[]}', null); console.log(step.ok?.nextInput); }
void poll(c, {
  settings: { apiType: 'tracking', apiKey: 'k' },
  trigger: 'tracking.tracking_updated',
  http: async (req: HttpRequest) => ({ status: 200, headers: [], body: req.url }),
}).then(({ records, state }) => console.log(records.length, state));
