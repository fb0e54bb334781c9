// Serves the transpiled service component (gen-service/) with preview2-shim's HTTP server, which
// runs on Node's own `http` module, on 127.0.0.1 and an ephemeral port. The settings come from
// $AFTERSHIP_SERVICE_CONFIG (JSON). Prints `listening <port>` once ready. Run as a child process:
// the shim answers the component's outgoing requests synchronously, blocking this thread.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { setConfig } from './config-shim.js';

const gen = join(dirname(fileURLToPath(import.meta.url)), '..', 'gen-service');
setConfig(JSON.parse(process.env.AFTERSHIP_SERVICE_CONFIG || '{}'));
const { http } = JSON.parse(readFileSync(join(gen, 'shim.json'), 'utf8'));
const { HTTPServer } = await import(http);
const { incomingHandler } = await import(join(gen, 'service.js'));

const server = new HTTPServer(incomingHandler);
server.listen(0, '127.0.0.1');
const address = server.address();
console.log(`listening ${address.port}`);
process.on('SIGTERM', () => {
  server.stop();
  process.exit(0);
});
