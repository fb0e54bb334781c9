// Browser test of the builder page: Debian's chromium, driven by playwright-core, against the
// built `dist/` served from this process. For each of the 8 API types: the connection form
// renders, conditional fields appear and disappear, a filled form yields a fixture's settings,
// the built request equals the fixture's expected request, a pasted response gives the
// fixture's outcome, and a bad field shows its message. Screenshots go to test-output/.
import { createServer } from 'node:http';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

const web = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(web, 'dist');
const fixtures = resolve(web, '..', 'tests', 'fixtures');
const shots = join(web, 'test-output');
const MASK = '••••••';
const TEST_API_KEY = 'test-api-key-0000'; // the fixtures' `{{API_KEY}}` value

/** One recorded case per API type (API-key settings, a body or parameters, a response). */
const CASES = {
  returns: 'returns/returns.approve_return_by_id/ok.json',
  shipping: 'shipping/shipping.cancel_label/ok.json',
  tracking: 'tracking/tracking.create_courier_connection/ok.json',
  address: 'address/address.validate_address/ok.json',
  parser: 'parser/parser.parse_email/ok.json',
  members: 'members/members.create_membership/ok.json',
  commerce: 'commerce/commerce.create_fulfillment/ok.json',
  protection: 'protection/protection.calculate_premium/ok_sandbox.json',
  warranty: 'warranty/warranty.create_claim_shipment/ok_aftership_label.json',
  personalization: 'personalization/personalization.search_products/ok_first_page.json',
};

const TYPES = {
  '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css',
  '.wasm': 'application/wasm', '.json': 'application/json', '.png': 'image/png',
};

function serve() {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    const file = join(dist, path === '/' ? 'index.html' : path);
    if (!file.startsWith(dist) || !existsSync(file)) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] || 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(server)));
}

const fill = (text) => text.replaceAll('{{API_KEY}}', MASK);

async function visible(page, selector) {
  return (await page.locator(selector).count()) > 0 && page.locator(selector).first().isVisible();
}

async function runCase(page, base, manifest, apiType, file) {
  const fixture = JSON.parse(readFileSync(join(fixtures, file), 'utf8'));
  const info = manifest.api_types.find((t) => t.id === apiType);
  const label = info.label;
  await page.goto(base);
  await page.waitForSelector('#conn_api-type');

  // The form renders and the API type switches the conditional fields.
  await page.selectOption('#conn_api-type', { label });
  await page.waitForTimeout(50);
  assert.equal(await visible(page, '#conn_environment'), info.environments.length === 2, `${apiType}: environment shown only with a sandbox`);
  assert.equal(await visible(page, '#conn_store-id'), info.store_id, `${apiType}: store ID shown where the type takes it`);
  assert.ok(await visible(page, '#conn_api-key'), 'API key shown in api-key mode');
  assert.ok(!(await visible(page, '#conn_api-secret')), 'no API secret in api-key mode');
  await page.selectOption('#conn_auth-mode', { label: 'API key with AES signature' });
  assert.ok(await visible(page, '#conn_api-secret'), 'AES mode shows the API secret');
  await page.selectOption('#conn_auth-mode', { label: 'OAuth access token (public apps)' });
  assert.ok(await visible(page, '#conn_access-token'), 'OAuth mode shows the access token');
  assert.ok(!(await visible(page, '#conn_api-key')), 'OAuth mode hides the API key');
  assert.ok(!(await visible(page, '#conn_api-secret')), 'OAuth mode hides the API secret');
  await page.selectOption('#conn_auth-mode', { label: 'API key' });
  assert.ok(!(await visible(page, '#conn_access-token')), 'api-key mode hides the access token');

  // Fill the form as the fixture's settings say.
  const s = fixture.settings;
  await page.fill('#conn_name', s.name ?? 'fixture');
  await page.fill('#conn_api-key', TEST_API_KEY);
  if (s.environment) {
    const field = manifest.connection.fields.find((f) => f.id === 'environment');
    const option = field.options.find((o) => o.value === s.environment);
    await page.selectOption('#conn_environment', { label: option.label });
  }
  if (s.store_id) await page.fill('#conn_store-id', s.store_id);
  await page.waitForSelector('#settings-status.good');
  const shown = JSON.parse(await page.locator('#settings-json').textContent());
  const expected = {
    name: s.name ?? 'fixture',
    api_type: s.api_type,
    environment: s.environment ?? 'production',
    auth_mode: s.auth_mode ?? 'api-key',
    api_key: MASK,
    ...(s.store_id ? { store_id: s.store_id } : {}),
  };
  assert.deepEqual(shown, expected, `${apiType}: the form yields the fixture's settings`);

  // A bad field shows validate-settings' message on that field.
  await page.fill('#conn_base-url', 'ftp://x');
  await page.waitForSelector('#settings-status.bad');
  const fieldText = await page.locator('.form-group', { has: page.locator('#conn_base-url') }).last().textContent();
  assert.match(fieldText, /must start with https:\/\/ or http:\/\//, `${apiType}: base-url message on its field`);
  await page.fill('#conn_base-url', '');
  await page.waitForSelector('#settings-status.good');

  // The operation picker lists this type's operations by family, with titles.
  const op = manifest.operations.find((o) => o.id === fixture.operation);
  const options = await page.locator(`#operation optgroup option`).allTextContents();
  const own = manifest.operations.filter((o) => o.api_type === apiType);
  assert.equal(options.length, own.length, `${apiType}: picker lists the type's operations`);
  assert.ok(options.includes(op.title));
  await page.selectOption('#operation', op.id);
  await page.waitForSelector('#input-json');
  assert.ok((await page.locator('[id^="input"]').count()) > 1, 'the input form renders');

  // The built request equals the fixture's expected request (secrets masked).
  await page.fill('#input-json', JSON.stringify(fixture.input, null, 2));
  await page.fill('#now', String(fixture.now_unix_ms));
  await page.click('#build');
  await page.waitForSelector('#request-json');
  const request = JSON.parse(await page.locator('#request-json').textContent());
  assert.deepEqual(request, JSON.parse(fill(JSON.stringify(fixture.expected_request))), `${apiType}: request`);

  // A pasted response gives the fixture's outcome.
  const response = fixture.response;
  await page.fill('#response-status', String(response.status));
  await page.fill('#response-headers', JSON.stringify(response.headers ?? {}));
  await page.fill('#response-body', response.body_text ?? JSON.stringify(response.body));
  await page.click('#parse');
  if (fixture.expected_outcome) {
    await page.waitForSelector('#outcome');
    const outcome = JSON.parse(await page.locator('#outcome').textContent());
    assert.deepEqual(outcome.data, fixture.expected_outcome.data, `${apiType}: outcome data`);
    assert.deepEqual(outcome.next_page, fixture.expected_outcome.next_page ?? null, `${apiType}: next page`);
  } else {
    await page.waitForSelector('#parse-error');
  }

  // The screenshot shows the filled forms, the request and the parsed outcome.
  await page.screenshot({ path: join(shots, `${apiType}.png`), fullPage: true });
}

async function main() {
  const manifest = JSON.parse(readFileSync(resolve(web, '..', 'connector.json'), 'utf8'));
  mkdirSync(shots, { recursive: true });
  const server = await serve();
  const base = `http://127.0.0.1:${server.address().port}/`;
  const profile = mkdtempSync(join(tmpdir(), 'builder-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
  const failures = [];
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    // Nothing may leave the machine: any request not to the local server fails the test.
    const outside = [];
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(base)) return route.continue();
      outside.push(url);
      return route.abort();
    });
    const pageErrors = [];
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    for (const [apiType, file] of Object.entries(CASES)) {
      try {
        await runCase(page, base, manifest, apiType, file);
        console.log(`ok   ${apiType} (${file})`);
      } catch (e) {
        failures.push(`${apiType}: ${e.message}`);
        console.log(`FAIL ${apiType}: ${e.message}`);
        await page.screenshot({ path: join(shots, `${apiType}-failure.png`), fullPage: true }).catch(() => {});
      }
    }
    if (outside.length) failures.push(`requests left the machine: ${outside.join(', ')}`);
    if (pageErrors.length) failures.push(`page errors: ${pageErrors.join('; ')}`);
  } finally {
    await context.close();
    server.close();
    rmSync(profile, { recursive: true, force: true });
  }
  if (failures.length) {
    console.error(`${failures.length} failure(s):\n${failures.join('\n')}`);
    process.exit(1);
  }
  console.log(`browser test: ${Object.keys(CASES).length} API types passed; screenshots in ${shots}`);
}

await main();
