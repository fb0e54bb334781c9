// Builder page: the connector component runs in the browser (transpiled by jco at build time);
// every form comes from the manifest the component itself returns (the same text as
// connector.json). Nothing is fetched from the network: the core wasm is a local asset.
import React, { useMemo, useState } from 'react';
import { createRoot } from 'react-dom/client';
import Form from '@rjsf/core';
import { customizeValidator } from '@rjsf/validator-ajv8';
import Ajv2020 from 'ajv/dist/2020.js';
import { api } from './generated/connector.js';
import recordedLists from './generated/recorded-lists.json';
import { MASK, maskSecrets, secretsOf, settingsRecord, settingsView, toErrorSchema } from './model.js';
import { formSchema, formUiSchema, isAdvanced, optionsFrom, outputTree } from './schema.js';

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

// ---- Operation forms: option lists, optional groups, the "Advanced" fold, the output tree ----

const optionCache = new Map();

/**
 * The choices of an `x-options` source: the recorded list response of its operation (bundled at
 * build time from the fixtures) parsed by the component's own parse-response, then each item of
 * `data.<items_path>` mapped to {value, label}. `{ error }` when there is no recording or the
 * parse fails; the field then stays a text input.
 */
function optionList(source) {
  const key = JSON.stringify(source);
  if (optionCache.has(key)) return optionCache.get(key);
  let result;
  const recorded = recordedLists[source.operation];
  if (!recorded) {
    result = { error: `no recorded ${source.operation} response` };
  } else {
    try {
      const settings = { ...recorded.settings, api_key: 'recorded-list' };
      const record = settingsRecord({
        ...settings,
        'api-type': settings.api_type,
        'api-key': settings.api_key,
        'store-id': settings.store_id,
        'base-url': settings.base_url,
      });
      const response = recorded.response;
      const body = response.body_text ?? JSON.stringify(response.body);
      const http = {
        status: response.status,
        headers: Object.entries(response.headers ?? {}).map(([k, v]) => [k, String(v)]),
        body: new TextEncoder().encode(body),
      };
      const context = { nowUnixMs: BigInt(recorded.now_unix_ms), requestId: undefined };
      const outcome = api.parseResponse(record, source.operation, JSON.stringify(recorded.input), http, context);
      result = { options: optionsFrom(source, JSON.parse(outcome.data)), fixture: recorded.fixture };
    } catch (e) {
      const payload = payloadOf(e);
      result = { error: `${source.operation}: ${payload.tag ?? 'error'} ${JSON.stringify(payload.val ?? payload.message ?? String(e))}` };
    }
  }
  optionCache.set(key, result);
  return result;
}

/** A field whose value comes from another operation: a dropdown of the recorded list's items. */
function OptionSourceWidget(props) {
  const { id, value, required, disabled, readonly, onChange, onBlur, onFocus, options, registry } = props;
  const source = options.source;
  const list = optionList(source);
  if (list.error) {
    const Text = registry.widgets.TextWidget;
    return h('div', { className: 'option-source' },
      h(Text, props),
      h('small', { className: 'muted-note' }, `from ${source.operation} (${list.error})`));
  }
  const known = list.options.some((o) => o.value === String(value ?? ''));
  return h('div', { className: 'option-source' },
    h('select', {
      id,
      value: value === undefined || value === null ? '' : String(value),
      required,
      disabled: disabled || readonly,
      'data-source': source.operation,
      onChange: (e) => onChange(e.target.value === '' ? undefined : e.target.value),
      onBlur: (e) => onBlur(id, e.target.value),
      onFocus: (e) => onFocus(id, e.target.value),
    },
    h('option', { value: '' }, required ? '— choose —' : 'Not set'),
    list.options.map((o) => h('option', { key: o.value, value: o.value }, o.label === o.value ? o.value : `${o.label} (${o.value})`)),
    !known && value !== undefined && value !== null && value !== '' && h('option', { value: String(value) }, String(value))),
    h('small', { className: 'muted-note' }, `${list.options.length} choice(s) from ${source.operation}, parsed from the recorded ${list.fixture.split('/').pop()}`));
}

/** The "Add <group>" / "Remove <group>" toggle of an optional object: its members are only asked for once added. */
function OptionalDataControlsTemplate({ id, label, onAddClick, onRemoveClick, schema }) {
  const name = schema?.title ?? '';
  if (onAddClick) return h('button', { id, type: 'button', className: 'group-add', onClick: onAddClick }, `+ Add ${name}`.trim());
  if (onRemoveClick) return h('button', { id, type: 'button', className: 'group-remove', onClick: onRemoveClick }, `Remove ${name}`.trim());
  return h('em', { id }, label);
}

/**
 * An object: title, description, the optional-group toggle, then its members in `ui:order`,
 * the important ones first and the advanced ones folded under "Advanced". Each member sits in a
 * `data-field` wrapper named after its form id, so tests and styles can find it folded or not.
 */
function ObjectFieldTemplate(props) {
  const { description, fieldPathId, optionalDataControl, properties, registry, required, schema, title, uiSchema, formData, className } = props;
  const Description = registry.templates.DescriptionFieldTemplate;
  const isRoot = (fieldPathId.path?.length ?? 0) === 0;
  const folded = Boolean(optionalDataControl) && formData === undefined;
  const wrap = (prop) => h('div', {
    key: prop.name,
    className: 'member',
    'data-field': `${fieldPathId.$id}_${prop.name}`,
    hidden: prop.hidden || undefined,
  }, prop.content);
  const main = properties.filter((p) => !isAdvanced(schema, p.name));
  const advanced = properties.filter((p) => isAdvanced(schema, p.name));
  return h('fieldset', { className: `${className ?? ''} group${folded ? ' folded' : ''}${isRoot ? ' root' : ''}`, id: fieldPathId.$id },
    !isRoot && title && h('legend', null, title, required && h('span', { className: 'required' }, '*')),
    !isRoot && description && h(Description, { id: `${fieldPathId.$id}__description`, description, schema, uiSchema, registry }),
    optionalDataControl,
    main.map(wrap),
    advanced.length > 0 && h('details', { className: 'advanced', 'data-advanced': fieldPathId.$id },
      h('summary', null, `Advanced (${advanced.length} more field${advanced.length === 1 ? '' : 's'})`),
      advanced.map(wrap)));
}

/** The schema and uiSchema the form draws for an operation (optional objects get an "Add" toggle). */
function operationForm(operation) {
  const uiSchema = formUiSchema(operation.input_schema, operation.ui_schema ?? {});
  uiSchema['ui:globalOptions'] = { enableOptionalDataFieldForType: ['object'], enableMarkdownInDescription: true };
  // The request's own parts (path, query, body) are never folded, optional or not.
  for (const [name, prop] of Object.entries(operation.input_schema.properties ?? {})) {
    uiSchema[name] = { ...(uiSchema[name] ?? {}), 'ui:enableOptionalDataFieldForType': [] };
    if (name === 'body' && !prop.title) uiSchema[name]['ui:title'] = 'Request body';
  }
  return { schema: formSchema(operation.input_schema), uiSchema };
}

/** An optional yes/no: "Not set" (left out of the input), "Yes" or "No". */
function BooleanSelectWidget({ id, value, disabled, readonly, onChange, onBlur, onFocus }) {
  return h('select', {
    id,
    value: value === true ? 'true' : value === false ? 'false' : '',
    disabled: disabled || readonly,
    onChange: (e) => onChange(e.target.value === '' ? undefined : e.target.value === 'true'),
    onBlur: (e) => onBlur(id, e.target.value),
    onFocus: (e) => onFocus(id, e.target.value),
  }, h('option', { value: '' }, 'Not set'), h('option', { value: 'true' }, 'Yes'), h('option', { value: 'false' }, 'No'));
}

const formTemplates = { ObjectFieldTemplate, OptionalDataControlsTemplate };
const formWidgets = { optionSource: OptionSourceWidget, booleanSelect: BooleanSelectWidget };

/** One node of the output tree: name, type, title; members folded below it. */
function OutputNode({ node }) {
  const head = h('span', { className: 'out-head' },
    h('code', { className: 'out-name' }, node.name),
    h('span', { className: 'out-type' }, node.type),
    node.title && h('span', { className: 'out-title' }, node.title));
  const tip = node.description ? `${node.path}: ${node.description}` : node.path;
  if (!node.children.length) return h('li', { 'data-path': node.path, title: tip }, head);
  return h('li', { 'data-path': node.path, title: tip },
    h('details', null,
      h('summary', null, head, h('span', { className: 'out-count' }, ` ${node.children.length} field${node.children.length === 1 ? '' : 's'}`)),
      h('ul', null, node.children.map((c) => h(OutputNode, { key: c.name, node: c })))));
}

/** What the operation returns: its `output_schema` as a tree, where it came from, and the recorded sample. */
function OutputPanel({ operation }) {
  const tree = useMemo(() => (operation.output_schema ? outputTree(operation.output_schema) : null), [operation]);
  if (!tree) return h('p', { className: 'muted-note', id: 'output-missing' }, 'This manifest carries no output schema for this operation.');
  const source = operation.output_schema['x-source'];
  return h(React.Fragment, null,
    h('p', { className: 'muted-note' }, 'The fields of the parsed ', h('code', null, 'data'),
      ' a mapping step can offer to the next step', source ? ` (schema from ${typeof source === 'string' ? source : JSON.stringify(source)})` : '', '.'),
    h('ul', { className: 'out-tree', id: 'output-tree' },
      tree.children.length ? tree.children.map((c) => h(OutputNode, { key: c.name, node: c })) : h(OutputNode, { node: tree })),
    'sample_output' in operation && h('details', { id: 'sample-output' },
      h('summary', null, 'Sample output (recorded)'),
      h('pre', null, JSON.stringify(operation.sample_output, null, 2))));
}

/** What calling the operation does (`hints`): kind, read-only, side effects. */
function Hints({ hints }) {
  if (!hints) return null;
  const tags = [hints.kind, hints.read_only ? 'read-only' : 'writes', hints.destructive && 'destructive', hints.idempotent && 'idempotent'].filter(Boolean);
  return h('div', { className: 'hints', id: 'operation-hints' },
    tags.map((t) => h('span', { key: t, className: 'tag' }, t)),
    (hints.side_effects ?? []).map((s) => h('span', { key: s.effect, className: 'tag warn', title: s.reason }, s.effect.replace(/_/g, ' '))));
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
  const form = useMemo(() => (operation ? operationForm(operation) : null), [operation]);

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
        operation && h(Hints, { hints: operation.hints }),
        operation && h(Form, {
          key: operation.id,
          schema: form.schema,
          uiSchema: form.uiSchema,
          formData: input,
          validator,
          onChange: onInputForm,
          noHtml5Validate: true,
          showErrorList: false,
          extraErrors: toErrorSchema(inputErrors),
          idPrefix: 'input',
          templates: formTemplates,
          widgets: formWidgets,
          experimental_defaultFormStateBehavior: { emptyObjectFields: 'populateRequiredDefaults', arrayMinItems: { populate: 'requiredOnly' } },
        }, h(React.Fragment)),
        operation && h('label', { htmlFor: 'input-json' }, 'Input as JSON (edits update the form)'),
        operation && h('textarea', { id: 'input-json', rows: 8, value: inputText, onChange: (e) => onInputText(e.target.value) }),
        inputTextError && h('p', { className: 'bad' }, inputTextError),
        operation && h('div', { className: 'row' },
          h('label', { htmlFor: 'now' }, 'Now (Unix ms)'),
          h('input', { id: 'now', value: now, onChange: (e) => setNow(e.target.value.replace(/\D/g, '')) }),
          h('button', { id: 'build', type: 'button', onClick: build }, 'Build request'))),
    ),
    operation && h(Section, { title: `Output of ${operation.title}`, id: 'output-card' }, h(OutputPanel, { operation })),
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
