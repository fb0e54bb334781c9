// Browser test of the builder page: Debian's chromium, driven by playwright-core, against the
// built `dist/` served from this process. For each of the 8 API types: the connection form
// renders, conditional fields appear and disappear, a filled form yields a fixture's settings,
// the built request equals the fixture's expected request, a pasted response gives the
// fixture's outcome, and a bad field shows its message. Screenshots go to test-output/.
// Then the operation forms drawn from the metadata (create-tracking, create-label, create-order,
// and every operation's form and option sources); their screenshots go to docs/ (see
// docs/builder.md).
import { createServer } from 'node:http';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, existsSync } from 'node:fs';
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

// ---- Operation forms drawn from the metadata (issue 20): screenshots into docs/ ----

const docs = resolve(web, '..', 'docs');
const isObj = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const nonNull = (s) => (Array.isArray(s.type) ? s.type : [s.type]).filter((t) => t && t !== 'null');

/** A local `$ref` of an output schema followed to its definition. */
function deref(root, schema) {
  let s = schema;
  for (let i = 0; isObj(s) && typeof s.$ref === 'string' && i < 16; i += 1) s = root.$defs?.[s.$ref.replace('#/$defs/', '')];
  return s ?? {};
}

/** The recorded list's {value,label} choices as the fixture's expected outcome states them. */
function recordedChoices(source) {
  for (const api of readdirSync(fixtures)) {
    const dir = join(fixtures, api, source.operation);
    if (!existsSync(dir)) continue;
    const file = readdirSync(dir).filter((f) => f.startsWith('ok')).sort()[0];
    if (!file) return undefined;
    const data = JSON.parse(readFileSync(join(dir, file), 'utf8')).expected_outcome.data;
    const items = source.items_path.split('.').reduce((n, k) => n?.[k], data);
    return items.map((item) => String(source.value_path.split('.').reduce((n, k) => n?.[k], item)));
  }
  return undefined;
}

async function openOperation(page, base, manifest, op) {
  const info = manifest.api_types.find((t) => t.id === op.api_type);
  await page.goto(base);
  await page.waitForSelector('#conn_api-type');
  await page.selectOption('#conn_api-type', { label: info.label });
  await page.fill('#conn_api-key', TEST_API_KEY);
  if (info.store_id) await page.fill('#conn_store-id', 'store-0001');
  await page.selectOption('#operation', op.id);
  await page.waitForSelector('#input-json');
  await page.fill('#now', '1783327777000'); // a fixed clock, so the screenshots in docs/ only change with the page
}

const inputJson = async (page) => JSON.parse(await page.locator('#input-json').inputValue());

/** Checks every operation form shares: members present, order, fold, dropdowns, option lists, output tree. */
async function checkForm(page, op, { metadata }) {
  const body = op.input_schema.properties.body;
  const props = body.properties ?? {};
  const required = new Set(body.required ?? []);
  for (const name of Object.keys(props)) {
    assert.equal(await page.locator(`[data-field="input_body_${name}"]`).count(), 1, `${op.id}: body.${name} in the form`);
  }
  if (!metadata) return;
  // Important members show; advanced ones wait under "Advanced" until it is opened.
  const advanced = Object.keys(props).filter((n) => props[n]['x-visibility'] === 'advanced' && !required.has(n));
  for (const [name, schema] of Object.entries(props)) {
    const shown = await page.locator(`[data-field="input_body_${name}"]`).isVisible();
    assert.equal(shown, !advanced.includes(name), `${op.id}: body.${name} ${advanced.includes(name) ? 'folded under Advanced' : 'shown'}`);
    if (schema.title && nonNull(schema)[0] !== 'object' && nonNull(schema)[0] !== 'array') {
      const label = await page.locator(`label[for="input_body_${name}"]`).first().textContent();
      assert.ok(label.startsWith(schema.title), `${op.id}: body.${name} labelled "${schema.title}" (got "${label}")`);
    }
  }
  // Important members come first, in the ui_schema's order.
  const order = op.ui_schema?.body?.['ui:order'];
  if (order) {
    const shownOrder = await page.locator('#input_body > .member').evaluateAll((els) => els.map((e) => e.dataset.field.replace('input_body_', '')));
    assert.deepEqual(shownOrder, order.filter((n) => n in props && !advanced.includes(n)), `${op.id}: important members in ui:order`);
  }
  // Enums are dropdowns of their titles, "Not set" as the empty choice when optional.
  for (const [name, schema] of Object.entries(props)) {
    if (!Array.isArray(schema.oneOf)) continue;
    const select = page.locator(`select#input_body_${name}`);
    assert.equal(await select.count(), 1, `${op.id}: body.${name} is a dropdown`);
    const texts = await select.locator('option').allTextContents();
    const empty = required.has(name) ? '— choose —' : 'Not set';
    assert.deepEqual(texts, [empty, ...schema.oneOf.filter((o) => o.const !== null).map((o) => o.title)], `${op.id}: body.${name} choices`);
  }
  // Optional groups are folded: an "Add" toggle, no member inputs.
  for (const [name, schema] of Object.entries(props)) {
    if (nonNull(schema)[0] !== 'object' || required.has(name) || !isObj(schema.properties)) continue;
    assert.equal(await page.locator(`#input_body_${name}__optionalAdd`).count(), 1, `${op.id}: body.${name} folded with an Add toggle`);
    assert.equal(await page.locator(`[id^="input_body_${name}_"]:is(input,select,textarea)`).count(), 0, `${op.id}: body.${name} asks nothing until added`);
  }
  // The output panel: the output schema's top-level fields with their types and titles.
  const out = deref(op.output_schema, op.output_schema);
  if (isObj(out.properties)) {
    for (const [name, schema] of Object.entries(out.properties)) {
      const node = page.locator(`#output-tree > li[data-path="${name}"]`);
      assert.equal(await node.count(), 1, `${op.id}: output field ${name} in the tree`);
      const title = deref(op.output_schema, schema).title ?? schema.title;
      if (title) assert.equal((await node.locator('.out-title').first().textContent()), title, `${op.id}: output ${name} titled`);
    }
  }
  await page.click('#sample-output > summary');
  assert.deepEqual(JSON.parse(await page.locator('#sample-output pre').textContent()), op.sample_output, `${op.id}: sample output`);
  await page.click('#sample-output > summary');
}

/** Fills the form, builds, and returns the request the page shows. */
async function buildFromForm(page) {
  await page.click('#build');
  await page.waitForSelector('#request-json, #build-error');
  const text = await page.locator('#request-json, #build-error').first().textContent();
  return JSON.parse(text);
}

async function checkCreateTracking(page, base, manifest) {
  const op = manifest.operations.find((o) => o.id === 'tracking.create_tracking');
  const metadata = 'output_schema' in op;
  await openOperation(page, base, manifest, op);
  const props = op.input_schema.properties.body.properties;
  if (metadata) assert.equal(Object.keys(props).length, 37, 'create-tracking documents 37 top-level body members');
  await checkForm(page, op, { metadata });
  await page.fill('#input_body_tracking_number', '1Z999AA10123456784');
  if (metadata) {
    // The courier dropdown lists the recorded list-couriers response, parsed by the component.
    const slug = page.locator('select#input_body_slug[data-source="tracking.list_couriers"]');
    const values = (await slug.locator('option').evaluateAll((os) => os.map((o) => o.value))).filter(Boolean);
    assert.deepEqual(values, recordedChoices(props.slug['x-options']), 'slug choices from the recorded list');
    await slug.selectOption(values[0]);
    await page.fill('#input_body_title', 'Order #1001');
    await page.fill('#input_body_order_id', '1001');
    // The optional last-mile group asks its required members only once added.
    await page.click('details[data-advanced="input_body"] > summary');
    await page.selectOption('#input_body_delivery_type', { label: 'Door to door' });
    await page.click('#input_body_last_mile__optionalAdd');
    await page.waitForSelector('#input_body_last_mile_tracking_number');
    const star = await page.locator('label[for="input_body_last_mile_tracking_number"] .required').count();
    assert.equal(star, 1, 'last_mile.tracking_number required once the group is added');
    assert.deepEqual((await inputJson(page)).body.last_mile, {}, 'adding the group adds an empty object');
    await page.click('#input_body_last_mile__optionalRemove');
    await page.waitForSelector('#input_body_last_mile__optionalAdd');
    assert.ok(!('last_mile' in (await inputJson(page)).body), 'removing the group removes it from the input');
    // A date-time member is a date-time input.
    assert.equal(await page.locator('#input_body_order_date').getAttribute('type'), 'datetime-local', 'order_date is a date-time input');
    await page.locator('#operation-card').screenshot({ path: join(docs, 'builder-create-tracking-advanced.png') });
    await page.click('details[data-advanced="input_body"] > summary');
  }
  const request = await buildFromForm(page);
  const expectedBody = { tracking_number: '1Z999AA10123456784' };
  if (metadata) Object.assign(expectedBody, { slug: recordedChoices(props.slug['x-options'])[0], title: 'Order #1001', order_id: '1001', delivery_type: 'door_to_door' });
  assert.deepEqual(request.body, expectedBody, 'the form\'s input builds the request body');
  await page.screenshot({ path: join(docs, 'builder-create-tracking.png'), fullPage: true });
}

async function checkCreateLabel(page, base, manifest) {
  const op = manifest.operations.find((o) => o.id === 'shipping.create_label');
  const metadata = 'output_schema' in op;
  await openOperation(page, base, manifest, op);
  await checkForm(page, op, { metadata });
  if (metadata) {
    for (const name of ['service_type', 'shipper_account']) {
      assert.ok(await page.locator(`[data-field="input_body_${name}"]`).isVisible(), `create-label: ${name} visible`);
    }
    await page.click('#input_body_shipper_account__optionalAdd');
    const account = page.locator('select#input_body_shipper_account_id[data-source="shipping.list_shipper_accounts"]');
    await account.waitFor();
    const source = op.input_schema.properties.body.properties.shipper_account.properties.id['x-options'];
    const values = (await account.locator('option').evaluateAll((os) => os.map((o) => o.value))).filter(Boolean);
    assert.deepEqual(values, recordedChoices(source), 'shipper account choices from the recorded list');
    await account.selectOption(values[0]);
    await page.fill('#input_body_service_type', 'ups_ground');
    const input = await inputJson(page);
    assert.deepEqual(input.body.shipper_account, { id: values[0] }, 'shipper_account from the dropdown');
  }
  await page.screenshot({ path: join(docs, 'builder-create-label.png'), fullPage: true });
}

async function checkCreateOrder(page, base, manifest) {
  const op = manifest.operations.find((o) => o.id === 'commerce.create_order');
  const metadata = 'output_schema' in op;
  await openOperation(page, base, manifest, op);
  await checkForm(page, op, { metadata });
  if (metadata) {
    await page.fill('#input_body_currency', 'USD');
    await page.fill('#input_body_number', '#1001');
    await page.fill('#input_body_order_total', '25.00');
    const status = op.input_schema.properties.body.properties.status.oneOf[0];
    await page.selectOption('#input_body_status', { label: status.title });
    assert.equal((await inputJson(page)).body.status, status.const, 'the dropdown sets the enum value');
    // A line item's whole-number quantity is a number input and reaches the input as a number.
    const quantity = page.locator('#input_body_items_0_quantity');
    assert.equal(await quantity.getAttribute('type'), 'number', 'items[].quantity is a number input');
    await quantity.fill('2');
    assert.equal((await inputJson(page)).body.items[0].quantity, 2, 'the quantity is a number in the input');
  }
  await page.screenshot({ path: join(docs, 'builder-create-order.png'), fullPage: true });
}

/** Every operation's form renders without a schema error (ui:order, formats, option sources). */
async function checkAllForms(page, base, manifest) {
  const resolved = new Set();
  await page.goto(base);
  await page.waitForSelector('#conn_api-type');
  for (const type of manifest.api_types) {
    await page.selectOption('#conn_api-type', { label: type.label });
    for (const op of manifest.operations.filter((o) => o.api_type === type.id)) {
      await page.selectOption('#operation', op.id);
      await page.waitForSelector('#input-json');
      assert.equal(await page.locator('.rjsf-config-error, .unsupported-field').count(), 0, `${op.id}: the form renders`);
      if ('output_schema' in op) assert.ok(await page.locator('#output-tree > li').count() > 0, `${op.id}: output tree`);
      // Each option source on a parameter or body member resolves to a dropdown of recorded choices.
      const members = [
        ...Object.entries(op.input_schema.properties ?? {}).map(([n, s]) => [`input_${n}`, s]),
        ...Object.entries(op.input_schema.properties?.body?.properties ?? {}).map(([n, s]) => [`input_body_${n}`, s]),
      ];
      // One level into body groups (added first when folded, opened when under "Advanced").
      for (const [group, gs] of Object.entries(op.input_schema.properties?.body?.properties ?? {})) {
        if (!isObj(gs.properties)) continue;
        const inner = Object.entries(gs.properties).filter(([, c]) => isObj(c['x-options']) && nonNull(c).length === 1 && nonNull(c)[0] !== 'array');
        if (!inner.length) continue;
        const add = page.locator(`#input_body_${group}__optionalAdd`);
        if (await add.count()) {
          const fold = page.locator('details[data-advanced="input_body"]');
          if (await fold.count() && !(await add.isVisible())) await fold.locator('> summary').click();
          await add.click();
        }
        for (const [name, c] of inner) members.push([`input_body_${group}_${name}`, c]);
      }
      for (const [id, schema] of members) {
        if (!isObj(schema['x-options']) || nonNull(schema).length !== 1 || nonNull(schema)[0] === 'array') continue;
        const choices = recordedChoices(schema['x-options']);
        const select = page.locator(`select#${id}[data-source="${schema['x-options'].operation}"]`);
        assert.equal(await select.count(), 1, `${op.id}: ${id} is a dropdown of ${schema['x-options'].operation}`);
        const values = (await select.locator('option').evaluateAll((os) => os.map((o) => o.value))).filter(Boolean);
        assert.deepEqual(values, choices, `${op.id}: ${id} choices from the recorded list`);
        resolved.add(schema['x-options'].operation);
      }
    }
  }
  const sources = new Set();
  const collect = (node) => {
    if (Array.isArray(node)) node.forEach(collect);
    else if (isObj(node)) {
      if (isObj(node['x-options'])) sources.add(node['x-options'].operation);
      Object.values(node).forEach(collect);
    }
  };
  manifest.operations.forEach((o) => collect(o.input_schema));
  console.log(`     option sources resolved in the page: ${resolved.size} of the manifest's ${sources.size}`);
  assert.deepEqual([...resolved].sort(), [...sources].sort(), 'every option source of the manifest resolves in some form');
}

const FORM_CHECKS = {
  'tracking.create_tracking': checkCreateTracking,
  'shipping.create_label': checkCreateLabel,
  'commerce.create_order': checkCreateOrder,
  'every operation': checkAllForms,
};

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
    for (const [name, check] of Object.entries(FORM_CHECKS)) {
      try {
        await check(page, base, manifest);
        console.log(`ok   form: ${name}`);
      } catch (e) {
        failures.push(`form ${name}: ${e.message}`);
        console.log(`FAIL form ${name}: ${e.message}`);
        await page.screenshot({ path: join(shots, `form-${name.replace(/\W+/g, '-')}-failure.png`), fullPage: true }).catch(() => {});
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
  console.log(`browser test: ${Object.keys(CASES).length} API types and ${Object.keys(FORM_CHECKS).length} form checks passed; screenshots in ${shots} and ${docs}`);
}

await main();
