// Transpiles the WASI-HTTP service component (built by cargo, docs/service.md) into gen-service/
// with the pinned jco, for the Node service test (test-service/). Its wasi:http, wasi:io,
// wasi:clocks and wasi:random imports go to jco's own preview2-shim (the copy jco depends on,
// so the test needs no second dependency); wasi:config/store goes to test-service/config-shim.js,
// because jco ships no wasi:config.
//
// The component: $AFTERSHIP_SERVICE_COMPONENT, else what ../../scripts/service-path.sh finds.
import { execFileSync } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const pkgDir = join(here, '..');
const repo = join(pkgDir, '..', '..');
const gen = join(pkgDir, 'gen-service');

function fail(message) {
  console.error(`build-service: ${message}`);
  process.exit(1);
}

const component =
  process.env.AFTERSHIP_SERVICE_COMPONENT ||
  execFileSync(join(repo, 'scripts', 'service-path.sh'), { encoding: 'utf8' }).trim();
if (!existsSync(component)) fail(`service component not found: ${component}`);
const jco = join(pkgDir, 'node_modules', '.bin', 'jco');
if (!existsSync(jco)) fail('jco is missing: run `npm ci` in hosts/node first');

// npm may hoist the shim or keep it under jco.
const shim = [
  join(pkgDir, 'node_modules', '@bytecodealliance', 'preview2-shim', 'dist', 'nodejs'),
  join(pkgDir, 'node_modules', '@bytecodealliance', 'jco', 'node_modules', '@bytecodealliance', 'preview2-shim', 'dist', 'nodejs'),
].find((dir) => existsSync(join(dir, 'http.js')));
if (!shim) fail("jco's @bytecodealliance/preview2-shim is missing from node_modules");

rmSync(gen, { recursive: true, force: true });
const maps = ['http', 'io', 'clocks', 'random'].flatMap((pkg) => [
  '--map',
  `wasi:${pkg}/*=${pathToFileURL(join(shim, `${pkg}.js`)).href}#*`,
]);
execFileSync(
  jco,
  [
    'transpile', component, '-o', gen, '--name', 'service', '--no-typescript', '--quiet',
    '--map', 'wasi:config/store=../test-service/config-shim.js', ...maps,
  ],
  { stdio: 'inherit' },
);
// The server must use the very module instance the component's wasi:http imports resolve to.
writeFileSync(join(gen, 'shim.json'), JSON.stringify({ http: pathToFileURL(join(shim, 'http.js')).href }) + '\n');
console.log(`build-service: transpiled ${component} into gen-service/`);
