// Unit tests of the page's pure metadata helpers (src/schema.js): what the form draws from an
// input schema and ui_schema, option lists from a parsed list response, the output tree.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { atPath, formSchema, formUiSchema, isAdvanced, optionsFrom, outputTree, typeLabel } from '../src/schema.js';

const body = {
  type: 'object',
  required: ['tracking_number'],
  properties: {
    tracking_number: { type: 'string', title: 'Tracking number', 'x-visibility': 'important' },
    slug: {
      type: ['string', 'null'],
      title: 'Slug',
      'x-visibility': 'important',
      'x-options': { operation: 'tracking.list_couriers', input: {}, items_path: 'couriers', value_path: 'slug', label_path: 'name' },
    },
    delivery_type: {
      type: ['string', 'null'],
      oneOf: [{ const: 'door_to_door', title: 'Door to door' }, { const: null, title: 'Not set' }],
      'x-visibility': 'advanced',
    },
    return_shipment: { type: ['boolean', 'null'], 'x-visibility': 'advanced' },
    source: { type: 'string', default: 'api', 'x-visibility': 'internal' },
    tags: { type: ['array', 'null'], items: { type: 'string' }, 'x-options': { operation: 'x.list', items_path: 'a', value_path: 'b' } },
  },
};

test('formSchema drops the "Not set" choice of an optional enum and keeps the rest', () => {
  const out = formSchema({ type: 'object', properties: { body } });
  assert.deepEqual(out.properties.body.properties.delivery_type.oneOf, [{ const: 'door_to_door', title: 'Door to door' }]);
  assert.deepEqual(out.properties.body.properties.slug, body.properties.slug);
  assert.deepEqual(body.properties.delivery_type.oneOf.length, 2, 'the manifest is not changed');
});

test('formUiSchema orders, keeps unlisted members, and picks widgets from the keywords', () => {
  const ui = formUiSchema({ type: 'object', properties: { body } }, { 'ui:order': ['body', 'gone'], body: { 'ui:order': ['slug', 'tracking_number'] } });
  assert.deepEqual(ui['ui:order'], ['body', '*'], 'names not in the schema are left out, * keeps the rest');
  assert.deepEqual(ui.body['ui:order'], ['slug', 'tracking_number', '*']);
  assert.equal(ui.body.slug['ui:widget'], 'optionSource');
  assert.equal(ui.body.slug['ui:options'].source.operation, 'tracking.list_couriers');
  assert.equal(ui.body.delivery_type['ui:placeholder'], 'Not set');
  const requiredEnum = formUiSchema({ ...body, required: ['delivery_type'] });
  assert.equal(requiredEnum.delivery_type['ui:placeholder'], '— choose —');
  assert.equal(ui.body.return_shipment['ui:widget'], 'booleanSelect');
  assert.equal(ui.body.source['ui:widget'], 'hidden');
  assert.equal(ui.body.tags.items['ui:widget'], 'optionSource', 'an option source on a list applies to its items');
  assert.equal(ui.body.tracking_number, undefined);
});

test('isAdvanced folds advanced members unless required', () => {
  assert.equal(isAdvanced(body, 'delivery_type'), true);
  assert.equal(isAdvanced(body, 'slug'), false);
  assert.equal(isAdvanced({ ...body, required: ['delivery_type'] }, 'delivery_type'), false);
  assert.equal(isAdvanced(body, 'missing'), false);
});

test('optionsFrom maps items by dotted paths, skips empty values and duplicates', () => {
  const source = { items_path: 'page.items', value_path: 'id', label_path: 'owner.name' };
  const data = { page: { items: [{ id: 'a', owner: { name: 'Ann' } }, { id: 'b' }, { id: 'a' }, { owner: { name: 'none' } }, { id: 7, owner: { name: '' } }] } };
  assert.deepEqual(optionsFrom(source, data), [
    { value: 'a', label: 'Ann' },
    { value: 'b', label: 'b' },
    { value: '7', label: '7' },
  ]);
  assert.throws(() => optionsFrom({ ...source, items_path: 'page' }, data), /data\.page is not a list/);
  assert.equal(atPath({ a: { b: 1 } }, 'a.c.d'), undefined);
});

test('outputTree follows $defs, lists array items, and ends recursive models', () => {
  const schema = {
    $ref: '#/$defs/Tracking',
    $defs: {
      Tracking: {
        title: 'Tracking',
        type: ['object', 'null'],
        properties: {
          id: { type: ['string', 'null'], title: 'ID' },
          checkpoints: { type: ['array', 'null'], items: { $ref: '#/$defs/Checkpoint' } },
          parent: { $ref: '#/$defs/Tracking' },
        },
      },
      Checkpoint: { title: 'Checkpoint', type: 'object', properties: { at: { type: 'string', format: 'date-time' } } },
    },
  };
  const tree = outputTree(schema);
  assert.deepEqual(tree.children.map((c) => c.name), ['id', 'checkpoints', 'parent']);
  assert.equal(tree.children[0].title, 'ID');
  assert.equal(tree.children[0].type, 'string');
  const checkpoints = tree.children[1];
  assert.equal(checkpoints.type, 'array of object');
  assert.deepEqual(checkpoints.children.map((c) => [c.path, c.type]), [['checkpoints[].at', 'string (date-time)']]);
  assert.equal(tree.children[2].type, 'Tracking (see above)');
  assert.deepEqual(tree.children[2].children, []);
});

test('typeLabel names unions, formats and enums', () => {
  assert.equal(typeLabel({ type: ['string', 'number', 'null'] }), 'string | number');
  assert.equal(typeLabel({ oneOf: [{ const: 'a' }] }), 'enum');
  assert.equal(typeLabel({ type: 'string', format: 'date' }), 'string (date)');
  assert.equal(typeLabel(undefined), 'any');
});
