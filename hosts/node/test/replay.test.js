// Every recorded case of the repository through the package (node's own test runner).
import assert from 'node:assert/strict';
import { relative } from 'node:path';
import { test } from 'node:test';
import { Connector } from '../lib/index.js';
import { REPO, discover, runFixture, runOAuth, runWebhook } from './replay.js';

const connector = new Connector();

const suites = [
  ['fixtures', runFixture, 325],
  ['oauth', runOAuth, 48],
  ['webhooks', runWebhook, 18],
];

for (const [folder, run, atLeast] of suites) {
  const paths = discover(folder);
  test(`tests/${folder} holds at least ${atLeast} cases`, () => {
    assert.ok(paths.length >= atLeast, `only ${paths.length} cases under tests/${folder}`);
  });
  for (const path of paths) {
    test(relative(REPO, path), () => {
      const problems = run(connector, path);
      assert.deepEqual(problems, []);
    });
  }
}
