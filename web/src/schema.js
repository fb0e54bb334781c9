// Pure helpers from an operation's metadata (connector.json: `input_schema`, `ui_schema`,
// `output_schema`, `x-options`) to what react-jsonschema-form draws and what the output panel
// shows. No React here. Every keyword is optional: without it the form falls back to the plain
// JSON Schema, so a manifest without metadata still renders.

const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const typesOf = (schema) => (Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : []);

/** The schema's one non-null type (`["string","null"]` -> `string`), or undefined when it has several. */
export function mainType(schema) {
  const types = typesOf(schema).filter((t) => t !== 'null');
  if (types.length === 1) return types[0];
  if (!types.length && isObject(schema.properties)) return 'object';
  return undefined;
}

/** True when `schema` is an enum written as `oneOf` of `{const, title}`. */
export function isConstChoice(schema) {
  return Array.isArray(schema.oneOf) && schema.oneOf.length > 0 && schema.oneOf.every((s) => isObject(s) && 'const' in s);
}

/**
 * The input schema as the form draws it: an optional enum loses its `{"const": null}` "Not set"
 * choice (the empty choice of the dropdown stands for it, and leaving a member out is how the
 * component reads "not set"). Everything else is kept, so what the form produces is what the
 * component validates.
 */
export function formSchema(schema) {
  if (Array.isArray(schema)) return schema.map(formSchema);
  if (!isObject(schema)) return schema;
  const out = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'oneOf' && isConstChoice(schema)) {
      out.oneOf = value.filter((s) => s.const !== null);
    } else if (key === 'properties' && isObject(value)) {
      out.properties = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, formSchema(v)]));
    } else if (key === 'default' || key === 'const' || key === 'examples' || key.startsWith('x-')) {
      out[key] = value; // data, not schema: copied as is
    } else {
      out[key] = formSchema(value);
    }
  }
  return out;
}

/**
 * The uiSchema for an input schema: the manifest's `ui_schema` orders (kept, with a `*` so
 * members it does not list still show), option-source widgets on `x-options` fields, a select
 * (Not set / Yes / No) for optional booleans, date and number inputs from `format`/`type`
 * (react-jsonschema-form picks those itself), and a hidden widget for internal fields.
 */
export function formUiSchema(schema, uiSchema = {}) {
  const ui = {};
  if (!isObject(schema)) return ui;
  const props = isObject(schema.properties) ? schema.properties : {};
  if (Array.isArray(uiSchema['ui:order'])) {
    const order = uiSchema['ui:order'].filter((name) => name in props);
    ui['ui:order'] = [...order, '*'];
  }
  const required = new Set(Array.isArray(schema.required) ? schema.required : []);
  for (const [name, prop] of Object.entries(props)) {
    if (!isObject(prop)) continue;
    const child = formUiSchema(prop, isObject(uiSchema[name]) ? uiSchema[name] : {});
    const type = mainType(prop);
    if (prop['x-visibility'] === 'internal' && 'default' in prop) child['ui:widget'] = 'hidden';
    if (isObject(prop['x-options'])) {
      if (type === 'array' || (typesOf(prop).includes('array') && isObject(prop.items))) {
        child.items = { ...(child.items ?? {}), 'ui:widget': 'optionSource', 'ui:options': { source: prop['x-options'] } };
      } else {
        child['ui:widget'] = 'optionSource';
        child['ui:options'] = { source: prop['x-options'] };
      }
    } else if (type === 'boolean' && !required.has(name)) {
      child['ui:widget'] = 'booleanSelect';
    }
    if (isConstChoice(prop)) child['ui:placeholder'] = required.has(name) ? '— choose —' : 'Not set';
    if (type === 'array' && isObject(prop.items)) {
      const items = formUiSchema(prop.items, isObject(uiSchema[name]?.items) ? uiSchema[name].items : {});
      child.items = { ...items, ...(child.items ?? {}) };
    }
    if (Object.keys(child).length) ui[name] = child;
  }
  return ui;
}

/** True when the member is folded under "Advanced": marked advanced and not required. */
export function isAdvanced(schema, name) {
  const prop = schema?.properties?.[name];
  const required = Array.isArray(schema?.required) && schema.required.includes(name);
  return !required && isObject(prop) && prop['x-visibility'] === 'advanced';
}

/** The value at a dotted path (`a.b.c`) of a JSON value, or undefined. */
export function atPath(value, path) {
  if (path === undefined || path === null || path === '') return value;
  let node = value;
  for (const part of String(path).split('.')) {
    if (node === null || typeof node !== 'object') return undefined;
    node = node[part];
  }
  return node;
}

/**
 * The choices of an option source from a parsed list response's `data`: the array at
 * `items_path`, each item to `{value, label}` (label falls back to the value), duplicates and
 * items without a value left out. Throws when `items_path` does not lead to an array.
 */
export function optionsFrom(source, data) {
  const items = atPath(data, source.items_path);
  if (!Array.isArray(items)) throw new Error(`data.${source.items_path} is not a list`);
  const seen = new Set();
  const options = [];
  for (const item of items) {
    const value = atPath(item, source.value_path);
    if (value === undefined || value === null || value === '') continue;
    const key = String(value);
    if (seen.has(key)) continue;
    seen.add(key);
    const label = atPath(item, source.label_path);
    options.push({ value: key, label: label === undefined || label === null || label === '' ? key : String(label) });
  }
  return options;
}

/** A type as a mapping step shows it: `string (date-time)`, `array of object`, `string | number`. */
export function typeLabel(schema) {
  if (!isObject(schema)) return 'any';
  const types = typesOf(schema).filter((t) => t !== 'null');
  let label = types.length ? types.join(' | ') : isConstChoice(schema) ? 'enum' : isObject(schema.properties) ? 'object' : 'any';
  if (types.length === 1 && types[0] === 'array' && isObject(schema.items)) label = `array of ${typeLabel(schema.items)}`;
  if (schema.format) label += ` (${schema.format})`;
  return label;
}

/**
 * The output schema as a tree of fields (what a mapping step offers): each node has `name`,
 * `path` (`tracking.checkpoints[].message`), `type`, `title`, `description` and `children`.
 * `$ref`s into the schema's `$defs` are followed; a definition already open on the way down is
 * shown once more by name, without children, so recursive models end.
 */
export function outputTree(root, { maxDepth = 8 } = {}) {
  const resolve = (schema, open) => {
    let node = schema;
    let ref;
    for (let hops = 0; isObject(node) && typeof node.$ref === 'string' && hops < 16; hops += 1) {
      ref = node.$ref.replace(/^#\/\$defs\//, '');
      if (open.has(ref)) return { schema: node, ref, cycle: true };
      node = root.$defs?.[ref];
    }
    // `allOf`/`anyOf`/`oneOf` of objects: their members together.
    if (isObject(node) && !node.properties) {
      const parts = [...(node.allOf ?? []), ...(node.anyOf ?? []), ...(node.oneOf ?? [])].filter(isObject);
      if (parts.length && parts.some((p) => p.properties || p.$ref)) {
        const properties = {};
        for (const part of parts) {
          const inner = resolve(part, open).schema;
          if (isObject(inner?.properties)) Object.assign(properties, inner.properties);
        }
        node = { ...node, type: node.type ?? 'object', properties };
      }
    }
    return { schema: isObject(node) ? node : {}, ref, cycle: false };
  };
  const build = (name, path, schema, open, depth) => {
    const { schema: s, ref, cycle } = resolve(schema, open);
    const inner = new Set(open);
    if (ref) inner.add(ref);
    let type = cycle ? `${ref} (see above)` : typeLabel(s);
    if (!cycle && mainType(s) === 'array' && isObject(s.items)) {
      const items = resolve(s.items, inner);
      type = `array of ${items.cycle ? items.ref : typeLabel(items.schema)}`;
    }
    const node = {
      name,
      path,
      type,
      title: s.title ?? schema?.title,
      description: s.description ?? schema?.description,
      children: [],
    };
    if (cycle || depth >= maxDepth) return node;
    if (isObject(s.properties)) {
      node.children = Object.entries(s.properties).map(([k, v]) => build(k, path ? `${path}.${k}` : k, v, inner, depth + 1));
    } else if (mainType(s) === 'array' && isObject(s.items)) {
      const items = resolve(s.items, inner);
      if (isObject(items.schema.properties) && !items.cycle) {
        const itemOpen = new Set(inner);
        if (items.ref) itemOpen.add(items.ref);
        node.children = Object.entries(items.schema.properties).map(([k, v]) => build(k, `${path}[].${k}`, v, itemOpen, depth + 1));
      }
    }
    return node;
  };
  return build('data', '', root, new Set(), 0);
}
