import { z } from 'zod';
import { defineNodeKind, type JourneyError } from '../node-kind';

const AttributeName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/, 'Use letters, digits and _ (dots nest)')
  .max(200);
const Tag = z.string().min(1).max(100);
const AttributeValue = z.union([z.string().max(10_000), z.number(), z.boolean(), z.null()]);

export const ProfileOperation = z.discriminatedUnion('op', [
  z.object({ op: z.literal('set'), attribute: AttributeName, value: AttributeValue }),
  z.object({ op: z.literal('unset'), attribute: AttributeName }),
  z.object({ op: z.literal('add_tag'), tag: Tag }),
  z.object({ op: z.literal('remove_tag'), tag: Tag }),
]);
export type ProfileOperation = z.infer<typeof ProfileOperation>;

/** Changes the customer's profile: custom attributes (traits) and tags. Applied in order, in one transaction. */
export const ProfileUpdateConfig = z.object({
  operations: z.array(ProfileOperation).min(1, 'Add at least one change').max(50),
});
export type ProfileUpdateConfig = z.infer<typeof ProfileUpdateConfig>;

export const profileUpdate = defineNodeKind({
  type: 'profile.update',
  version: 1,
  title: 'Update profile',
  description: 'Set or unset a profile attribute, add or remove a tag.',
  category: 'action',
  configSchema: ProfileUpdateConfig,
  defaultConfig: { operations: [{ op: 'add_tag', tag: '' }] },
  outputs: () => [{ name: 'default', label: 'Then' }],
  summary: (config) =>
    config.operations
      .map((operation) => {
        switch (operation.op) {
          case 'set':
            return `set ${operation.attribute} = ${JSON.stringify(operation.value)}`;
          case 'unset':
            return `unset ${operation.attribute}`;
          case 'add_tag':
            return `tag ${operation.tag}`;
          case 'remove_tag':
            return `untag ${operation.tag}`;
        }
      })
      .join(', '),
  compile: (config, ctx) => {
    const errors: JourneyError[] = [];
    const touched = new Map<string, number>();
    config.operations.forEach((operation, index) => {
      const key =
        operation.op === 'set' || operation.op === 'unset'
          ? `attr:${operation.attribute}`
          : `tag:${operation.tag}`;
      const earlier = touched.get(key);
      if (earlier !== undefined) {
        errors.push({
          nodeId: ctx.nodeId,
          field: `operations.${index}`,
          message: `Change ${index + 1} contradicts or repeats change ${earlier + 1}`,
        });
      }
      touched.set(key, index);
    });
    return errors;
  },
  ui: {
    icon: 'user-pen',
    color: '#10b981',
    fields: {
      'operations.*.op': { widget: 'select', label: 'Change' },
      'operations.*.attribute': {
        widget: 'attribute-name',
        label: 'Attribute',
        showIf: { field: 'operations.*.op', equals: ['set', 'unset'] },
      },
      'operations.*.value': {
        widget: 'json',
        label: 'Value',
        showIf: { field: 'operations.*.op', equals: ['set'] },
      },
      'operations.*.tag': {
        widget: 'tag',
        label: 'Tag',
        showIf: { field: 'operations.*.op', equals: ['add_tag', 'remove_tag'] },
      },
    },
  },
  runtime: { kind: 'activity', activity: 'updateProfile' },
});
