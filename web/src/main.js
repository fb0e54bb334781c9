// Builder page: the connector component runs in the browser (transpiled by jco at build time);
// every form comes from the manifest the component itself returns (the same text as
// connector.json). Nothing is fetched from the network: the core wasm is a local asset.
import React, { useMemo, useState } from 'react';
import { createRoot } from 'react-dom/client';
import Form from '@rjsf/core';
import { customizeValidator } from '@rjsf/validator-ajv8';
import Ajv2020 from 'ajv/dist/2020.js';
import { api } from './generated/connector.js';
import { MASK, maskSecrets, secretsOf, settingsRecord, settingsView, toErrorSchema } from './model.js';

const h = React.createElement;
const validator = customizeValidator({
  AjvClass: Ajv2020,
  customFormats: { password: /[\s\S]*/ },
});
const manifest = JSON.parse(api.manifest());
const connection = manifest.connection;

/** The payload of a `result` error thrown by a jco export. */
const payloadOf = (e) => (e && 'payload' in e ? e.payload : { tag: 'trap', val: String(e) });

function validateSettings(record) {
  try {
    api.validateSettings(record);
    return [];
  } catch (e) {
    const payload = payloadOf(e);
    return Array.isArray(payload) ? payload : [{ field: 'settings', message: String(payload.val) }];
  }
}

function operationsFor(apiType) {
  const groups = new Map();
  for (const op of manifest.operations.filter((o) => o.api_type === apiType)) {
    if (!groups.has(op.family)) groups.set(op.family, []);
    groups.get(op.family).push(op);
  }
  return groups;
}

function Section({ title, children, id }) {
  return h('section', { className: 'card', id }, h('h2', null, title), children);
}

function App() {
  const [settings, setSettings] = useState({ name: 'My AfterShip connection', 'api-type': 'tracking' });
  const [operationId, setOperationId] = useState('');
  const [input, setInput] = useState({});
  const [inputText, setInputText] = useState('{}');
  const [inputTextError, setInputTextError] = useState('');
  const [now, setNow] = useState(String(Date.now()));
  const [built, setBuilt] = useState(null);
  const [response, setResponse] = useState({ status: '200', headers: '{"content-type": "application/json"}', body: '' });
  const [parsed, setParsed] = useState(null);

  const record = useMemo(() => settingsRecord(settings), [settings]);
  const settingsErrors = useMemo(() => (record.apiType ? validateSettings(record) : []), [record]);
  const secrets = secretsOf(record);
  const groups = useMemo(() => operationsFor(settings['api-type']), [settings['api-type']]);
  const operation = manifest.operations.find((o) => o.id === operationId && o.api_type === settings['api-type']);

  const onSettings = ({ formData }) => {
    setSettings(formData);
    setBuilt(null);
    setParsed(null);
  };
  const chooseOperation = (id) => {
    setOperationId(id);
    setInput({});
    setInputText('{}');
    setBuilt(null);
    setParsed(null);
  };
  const onInputForm = ({ formData }) => {
    setInput(formData);
    setInputText(JSON.stringify(formData, null, 2));
  };
  const onInputText = (text) => {
    setInputText(text);
    try {
      const value = JSON.parse(text || '{}');
      setInput(value);
      setInputTextError('');
    } catch (e) {
      setInputTextError(`not valid JSON: ${e.message}`);
    }
  };
  const context = () => ({ nowUnixMs: BigInt(now || '0'), requestId: undefined });

  const build = () => {
    setParsed(null);
    try {
      const request = api.buildRequest(record, operation.id, inputText, context());
      setBuilt({ ok: true, request: maskSecrets(requestView(request), secrets) });
    } catch (e) {
      setBuilt({ ok: false, error: maskSecrets(payloadOf(e), secrets) });
    }
  };
  const parse = () => {
    let headers;
    try {
      headers = Object.entries(JSON.parse(response.headers || '{}')).map(([k, v]) => [k, String(v)]);
    } catch (e) {
      setParsed({ ok: false, error: { tag: 'page', val: `headers: not valid JSON (${e.message})` } });
      return;
    }
    const http = { status: Number(response.status), headers, body: new TextEncoder().encode(response.body) };
    try {
      const outcome = api.parseResponse(record, operation.id, inputText, http, context());
      setParsed({
        ok: true,
        outcome: {
          data: JSON.parse(outcome.data),
          next_page: outcome.nextPage === undefined ? null : JSON.parse(outcome.nextPage),
          files: outcome.files,
        },
      });
    } catch (e) {
      setParsed({ ok: false, error: payloadOf(e) });
    }
  };

  const inputErrors = built && !built.ok && built.error.tag === 'invalid-input' ? built.error.val : [];
  const buildSettingsErrors = built && !built.ok && built.error.tag === 'invalid-settings' ? built.error.val : [];

  return h(
    'main',
    null,
    h('header', null, h('h1', null, 'AfterShip connector builder'),
      h('p', null, `${manifest.title} ${manifest.version} · ${manifest.operations.length} operations · component ${manifest.wit_package} running in this page`)),
    h('div', { className: 'columns' },
      h(Section, { title: 'Connection', id: 'connection' },
        h(Form, {
          schema: connection.schema,
          uiSchema: connection.ui_schema,
          formData: settings,
          validator,
          onChange: onSettings,
          omitExtraData: true,
          liveOmit: true,
          noHtml5Validate: true,
          showErrorList: false,
          extraErrors: toErrorSchema([...settingsErrors, ...buildSettingsErrors]),
          idPrefix: 'conn',
        }, h(React.Fragment)),
        h('p', { className: settingsErrors.length ? 'bad' : 'good', id: 'settings-status' },
          settingsErrors.length ? `validate-settings: ${settingsErrors.length} problem(s)` : 'validate-settings: OK'),
        h('details', null, h('summary', null, 'Settings record (secrets masked)'),
          h('pre', { id: 'settings-json' }, JSON.stringify(maskSecrets(settingsView(record), secrets), null, 2)))),
      h(Section, { title: 'Operation', id: 'operation-card' },
        h('label', { htmlFor: 'operation' }, 'Operation'),
        h('select', { id: 'operation', value: operation ? operation.id : '', onChange: (e) => chooseOperation(e.target.value) },
          h('option', { value: '' }, '— choose an operation —'),
          [...groups.entries()].map(([family, ops]) =>
            h('optgroup', { key: family, label: `${family} (${ops[0].version})` },
              ops.map((op) => h('option', { key: op.id, value: op.id }, op.title))))),
        operation && h('p', { className: 'muted', id: 'operation-path' }, `${operation.method} ${operation.base_path}${operation.path}`),
        operation && h(Form, {
          key: operation.id,
          schema: operation.input_schema,
          formData: input,
          validator,
          onChange: onInputForm,
          noHtml5Validate: true,
          showErrorList: false,
          extraErrors: toErrorSchema(inputErrors),
          idPrefix: 'input',
        }, h(React.Fragment)),
        operation && h('label', { htmlFor: 'input-json' }, 'Input as JSON (edits update the form)'),
        operation && h('textarea', { id: 'input-json', rows: 8, value: inputText, onChange: (e) => onInputText(e.target.value) }),
        inputTextError && h('p', { className: 'bad' }, inputTextError),
        operation && h('div', { className: 'row' },
          h('label', { htmlFor: 'now' }, 'Now (Unix ms)'),
          h('input', { id: 'now', value: now, onChange: (e) => setNow(e.target.value.replace(/\D/g, '')) }),
          h('button', { id: 'build', type: 'button', onClick: build }, 'Build request'))),
    ),
    built && h(Section, { title: built.ok ? 'Request (secrets masked)' : 'Build error', id: 'request-card' },
      h('pre', { id: built.ok ? 'request-json' : 'build-error', className: built.ok ? '' : 'bad' },
        JSON.stringify(built.ok ? built.request : built.error, null, 2))),
    built && built.ok && h(Section, { title: 'Paste a response', id: 'response-card' },
      h('div', { className: 'row' },
        h('label', { htmlFor: 'response-status' }, 'Status'),
        h('input', { id: 'response-status', value: response.status, onChange: (e) => setResponse({ ...response, status: e.target.value }) })),
      h('label', { htmlFor: 'response-headers' }, 'Headers (JSON object)'),
      h('textarea', { id: 'response-headers', rows: 2, value: response.headers, onChange: (e) => setResponse({ ...response, headers: e.target.value }) }),
      h('label', { htmlFor: 'response-body' }, 'Body'),
      h('textarea', { id: 'response-body', rows: 8, value: response.body, onChange: (e) => setResponse({ ...response, body: e.target.value }) }),
      h('button', { id: 'parse', type: 'button', onClick: parse }, 'Parse response'),
      parsed && h('pre', { id: parsed.ok ? 'outcome' : 'parse-error', className: parsed.ok ? 'good' : 'bad' },
        JSON.stringify(parsed.ok ? parsed.outcome : parsed.error, (k, v) => (typeof v === 'bigint' ? Number(v) : v), 2))),
  );
}

/** The built request as the fixtures write it: upper-case method, header map, JSON body. */
function requestView(request) {
  let body = null;
  if (request.body !== undefined) {
    try {
      body = JSON.parse(request.body);
    } catch {
      body = request.body;
    }
  }
  return {
    method: request.method.toUpperCase(),
    url: request.url,
    headers: Object.fromEntries(request.headers),
    body,
  };
}

createRoot(document.getElementById('root')).render(h(App));
window.__builderReady = true;
export { MASK };
