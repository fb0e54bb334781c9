// Build step 1: turn the component that `cargo build` produced into an ES module with jco.
// The component is written by host-harness/build.rs to cargo's OUT_DIR
// (target/<profile>/build/aftership-harness-<hash>/out/aftership_connector.wasm); the newest
// one wins. Set AFTERSHIP_COMPONENT to use another file.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
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
