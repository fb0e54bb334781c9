// Build step 1: turn the component that `cargo build` produced into an ES module with jco.
// The component is written by host-harness/build.rs to cargo's OUT_DIR
// (target/<profile>/build/aftership-harness-<hash>/out/aftership_connector.wasm); the newest
// one wins. Set AFTERSHIP_COMPONENT to use another file.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const web = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const target = resolve(web, '..', 'target');

function newestComponent() {
  const found = [];
  for (const profile of existsSync(target) ? readdirSync(target) : []) {
    const build = join(target, profile, 'build');
    if (!existsSync(build)) continue;
    for (const dir of readdirSync(build)) {
      if (!dir.startsWith('aftership-harness-')) continue;
      const file = join(build, dir, 'out', 'aftership_connector.wasm');
      if (existsSync(file)) found.push({ file, mtime: statSync(file).mtimeMs });
    }
  }
  found.sort((a, b) => b.mtime - a.mtime);
  return found[0]?.file;
}

let component = process.env.AFTERSHIP_COMPONENT || newestComponent();
if (!component) {
  // Not built yet (CI reuses the component `cargo test` built): build it once.
  console.log('no component yet: cargo build -p aftership-harness');
  execFileSync('cargo', ['build', '-p', 'aftership-harness'], { cwd: resolve(web, '..'), stdio: 'inherit' });
  component = newestComponent();
}
if (!component) {
  console.error('No component found under target/*/build/aftership-harness-*/out/.');
  process.exit(1);
}
const out = join(web, 'src', 'generated');
rmSync(out, { recursive: true, force: true });
execFileSync(
  join(web, 'node_modules', '.bin', 'jco'),
  [
    'transpile', component, '-o', out, '--name', 'connector',
    '--no-nodejs-compat', '--no-typescript', '--quiet',
  ],
  { stdio: 'inherit' },
);
console.log(`transpiled ${component} -> ${out}`);

// Build step 2: the recorded list responses the page turns into option lists. For every
// operation an `x-options` names in connector.json, the first successful recorded case with
// API-key settings (`ok*.json` first) is bundled: its settings, input and response. The page
// parses the response through the component, as a host would parse a live one.
const repo = resolve(web, '..');
const fixtures = join(repo, 'tests', 'fixtures');
const sources = new Set();
(function collect(node) {
  if (Array.isArray(node)) node.forEach(collect);
  else if (node && typeof node === 'object') {
    const source = node['x-options'];
    if (source && typeof source.operation === 'string') sources.add(source.operation);
    Object.values(node).forEach(collect);
  }
})(JSON.parse(readFileSync(join(repo, 'connector.json'), 'utf8')).operations.map((o) => o.input_schema));

function recordedList(operation) {
  const api = readdirSync(fixtures).find((a) => existsSync(join(fixtures, a, operation)));
  if (!api) return undefined;
  const dir = join(fixtures, api, operation);
  const files = readdirSync(dir).filter((f) => f.endsWith('.json'))
    .sort((a, b) => Number(!a.startsWith('ok')) - Number(!b.startsWith('ok')) || a.localeCompare(b));
  for (const file of files) {
    const fixture = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    const s = fixture.settings ?? {};
    const plain = (s.auth_mode ?? 'api-key') === 'api-key' && !s.api_secret && !s.access_token;
    const status = fixture.response?.status ?? 0;
    if (!plain || !fixture.expected_outcome || status < 200 || status > 299) continue;
    return {
      fixture: `tests/fixtures/${api}/${operation}/${file}`,
      settings: s,
      input: fixture.input ?? {},
      now_unix_ms: fixture.now_unix_ms ?? 0,
      response: fixture.response,
    };
  }
  return undefined;
}

const lists = {};
for (const operation of [...sources].sort()) {
  const found = recordedList(operation);
  if (found) lists[operation] = found;
  else console.log(`no recorded list response for ${operation}: its option fields stay text inputs`);
}
writeFileSync(join(out, 'recorded-lists.json'), `${JSON.stringify(lists, null, 1)}\n`);
console.log(`bundled ${Object.keys(lists).length} of ${sources.size} option sources' recorded list responses`);
