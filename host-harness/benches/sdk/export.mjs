// The official Node Tracking SDK exporting a whole listing, for the runner benchmark
// (`cargo bench -p aftership-harness --bench connector`): the same work the runner's `export`
// does (page through tracking.list_trackings by cursor, write each tracking as one JSON line,
// page by page), measured as this process's CPU time (user + system, all threads).
// Usage: node export.mjs BASE_URL API_KEY OUTPUT_FILE PASSES
import fs from "node:fs";
import { AfterShip } from "@aftership/tracking-sdk";

const [base, key, output, passesText] = process.argv.slice(2);
const passes = Number(passesText ?? "2");
const aftership = new AfterShip({ api_key: key, domain: base, max_retry: 0 });

async function exportAll() {
  const fd = fs.openSync(output, "w");
  let cursor;
  let pages = 0;
  let items = 0;
  for (;;) {
    const query = { limit: 20 };
    if (cursor) query.cursor = cursor;
    const { data } = await aftership.tracking.getTrackings(query);
    const lines = data.trackings.map((t) => JSON.stringify(t) + "\n").join("");
    fs.writeSync(fd, lines);
    pages += 1;
    items += data.trackings.length;
    if (!data.pagination?.has_next_page) break;
    cursor = data.pagination.next_cursor;
  }
  fs.closeSync(fd);
  return { pages, items };
}

// Every pass but the last warms the JIT and the connection; the last one is measured.
let result;
for (let pass = 1; pass <= passes; pass += 1) {
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  const counts = await exportAll();
  const used = process.cpuUsage(cpu);
  result = {
    ...counts,
    cpu_us: used.user + used.system,
    wall_ms: Number(process.hrtime.bigint() - start) / 1e6,
    node: process.version,
    sdk: JSON.parse(
      fs.readFileSync(new URL("./node_modules/@aftership/tracking-sdk/package.json", import.meta.url)),
    ).version,
  };
}
console.log(JSON.stringify(result));
