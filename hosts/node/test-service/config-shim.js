// wasi:config/store for the transpiled service component: jco's preview2-shim has no wasi:config,
// so the test server hands the settings in here (setConfig) before the first request.
// `get` returns the value or undefined (none); the store itself never fails.

let values = new Map();

/** Replaces the settings (an object of key -> string). */
export function setConfig(object) {
  values = new Map(Object.entries(object));
}

/** wasi:config/store.get */
export function get(key) {
  return values.has(key) ? String(values.get(key)) : undefined;
}

/** wasi:config/store.get-all */
export function getAll() {
  return [...values.entries()].map(([k, v]) => [k, String(v)]);
}
