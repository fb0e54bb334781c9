// base-url against Node's own WHATWG `URL`: what the component accepts, `fetch` sends unchanged;
// spellings `URL` rewrites are refused by validateSettings, naming base-url.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Connector, unwrap } from '../lib/index.js';

const connector = new Connector();
const S = { apiType: 'tracking', apiKey: 'test-api-key-0000' };
const NOW = { nowUnixMs: 1_783_327_777_000 };

test('accepted base URLs are built into URLs that WHATWG parsing leaves unchanged', () => {
  for (const baseUrl of [
    'https://proxy.example.com',
    'http://127.0.0.1:8080',
    'https://[::1]:8443/',
    'https://h:65535',
    'https://api-sandbox.x.io',
    'https://example.com.',
    'https://[1:0:0:2::3]',
  ]) {
    const settings = { ...S, baseUrl };
    assert.deepEqual(connector.validateSettings(settings), [], baseUrl);
    const { url } = unwrap(connector.buildRequest(settings, 'tracking.list_trackings', { limit: 1 }, NOW));
    assert.ok(url.startsWith(baseUrl.replace(/\/+$/, '')), url);
    assert.equal(new URL(url).href, url, baseUrl);
  }
});

test('base URLs that WHATWG parsing would rewrite are refused on base-url', () => {
  for (const baseUrl of [
    'https://API.Example.com',
    'https://h:443',
    'http://h:80',
    'https://h:0443',
    'https://h:',
    'http://1.2.3',
    'http://0x7f.1',
    'http://01.2.3.4',
    'https://[::0:1]',
    'https://[::FFFF:1.2.3.4]',
  ]) {
    const probe = `${baseUrl}/tracking/2026-07/trackings`;
    assert.notEqual(new URL(probe).href, probe, `${baseUrl}: Node keeps it, the case is wrong`);
    const errors = connector.validateSettings({ ...S, baseUrl });
    assert.deepEqual(errors.map((e) => e.field), ['base-url'], baseUrl);
  }
});
