// Pure helpers between the form data (manifest spelling), the component's WIT records and
// what the page shows. No React here, so the browser test can reason about the same rules.

/** What a secret is replaced with wherever it would be shown. */
export const MASK = '••••••';

const optional = (v) => (v === undefined || v === null || String(v).trim() === '' ? undefined : String(v));

/** Form data (`api-type`, `api-key`, …) to the WIT `connection-settings` record. */
export function settingsRecord(form) {
  return {
    name: form.name ?? '',
    apiType: form['api-type'],
    environment: form.environment ?? 'production',
    authMode: form['auth-mode'] ?? 'api-key',
    apiKey: form['api-key'] ?? '',
    apiSecret: optional(form['api-secret']),
    accessToken: optional(form['access-token']),
    oauthTokenHeader: optional(form['oauth-token-header']),
    storeId: optional(form['store-id']),
    baseUrl: optional(form['base-url']),
  };
}

/** The record in the fixtures' spelling (`api_type`, `api_key`, …); unset options left out. */
export function settingsView(record) {
  const view = {
    name: record.name,
    api_type: record.apiType,
    environment: record.environment,
    auth_mode: record.authMode,
    api_key: record.apiKey,
    api_secret: record.apiSecret,
    access_token: record.accessToken,
    oauth_token_header: record.oauthTokenHeader,
    store_id: record.storeId,
    base_url: record.baseUrl,
  };
  return Object.fromEntries(Object.entries(view).filter(([, v]) => v !== undefined));
}

/** The secret values of a record (masked by value wherever they appear). */
export function secretsOf(record) {
  return [record.apiKey, record.apiSecret, record.accessToken].filter((s) => s && s.trim() !== '');
}

/** A copy of any JSON-like value with every secret value replaced by the mask. */
export function maskSecrets(value, secrets) {
  if (typeof value === 'string') {
    let out = value;
    for (const s of [...secrets].sort((a, b) => b.length - a.length)) out = out.split(s).join(MASK);
    return out;
  }
  if (typeof value === 'bigint') return Number(value);
  if (Array.isArray(value)) return value.map((v) => maskSecrets(v, secrets));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskSecrets(v, secrets)]));
  }
  return value;
}

/** Field errors (`body.parcels[0].weight`) to a react-jsonschema-form error schema. */
export function toErrorSchema(errors) {
  const root = {};
  for (const { field, message } of errors) {
    let node = root;
    for (const part of field.replace(/\[(\d+)\]/g, '.$1').split('.').filter(Boolean)) {
      node[part] ??= {};
      node = node[part];
    }
    (node.__errors ??= []).push(message);
  }
  return root;
}
