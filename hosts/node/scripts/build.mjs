// Transpiles the connector component (built by cargo) into gen/ with the pinned jco:
// ES module + core wasm + generated .d.ts types. Also checks that package.json carries the
// workspace version (Cargo.toml is the one place it is written).
//
// The component: $AFTERSHIP_COMPONENT, else what ../../scripts/component-path.sh finds.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const pkgDir = join(here, '..');
const repo = join(pkgDir, '..', '..');
const gen = join(pkgDir, 'gen');

function fail(message) {
  console.error(`build: ${message}`);
  process.exit(1);
}

const component =
  process.env.AFTERSHIP_COMPONENT ||
  execFileSync(join(repo, 'scripts', 'component-path.sh'), { encoding: 'utf8' }).trim();
if (!existsSync(component)) fail(`component not found: ${component}`);

const version = execFileSync(join(repo, 'scripts', 'version.sh'), { encoding: 'utf8' }).trim();
const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
if (pkg.version !== version) {
  fail(`package.json version ${pkg.version} differs from the workspace version ${version} (Cargo.toml); ` +
    `run: npm version --no-git-tag-version ${version}`);
}

rmSync(gen, { recursive: true, force: true });
const jco = join(pkgDir, 'node_modules', '.bin', 'jco');
if (!existsSync(jco)) fail('jco is missing: run `npm ci` in hosts/node first');
// --instantiation sync: the wrapper compiles the core module once and instantiates it itself
// (cheaply, and again after a trap).
execFileSync(jco, ['transpile', component, '-o', gen, '--name', 'connector', '--instantiation', 'sync', '--quiet'], {
  stdio: 'inherit',
});
const bytes = readFileSync(component);
const sha256 = createHash('sha256').update(bytes).digest('hex');
writeFileSync(join(gen, 'component.json'), JSON.stringify({ version, sha256, bytes: bytes.length }, null, 2) + '\n');
console.log(`build: transpiled ${component} (sha256 ${sha256}) into gen/`);
