import { parseTemplateContent, TEMPLATE_CONTENT_SCHEMAS } from '@nudgeflow/channels';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { withoutEmptyStrings } from '../channel-meta';
import { CHANNEL_UIS } from './index';

/**
 * The editor's channel registry against packages/channels: one UI module for each built-in channel, with
 * every part, a starter that the channel's own content schema accepts, and settings that name real fields.
 */
describe('template editor channel registry', () => {
  it('has a UI module for exactly the built-in channels', () => {
    expect(Object.keys(CHANNEL_UIS).sort()).toEqual(Object.keys(TEMPLATE_CONTENT_SCHEMAS).sort());
  });

  it.each(Object.entries(CHANNEL_UIS))('%s has every part', (id, ui) => {
    expect(ui.id).toBe(id);
    expect(ui.label.length).toBeGreaterThan(0);
    expect(ui.icon).toBeTruthy();
    expect(typeof ui.Variant).toBe('function');
    expect(typeof ui.Rendered).toBe('function');
    expect(ui.testSend.explanation.length).toBeGreaterThan(0);
    // A channel with settings fields has a settings form, and one without has none.
    expect(ui.Settings === null).toBe(ui.settingsFields.length === 0);
  });

  it.each(Object.entries(CHANNEL_UIS))(
    '%s: its starter is valid content and its settings are real fields',
    (id, ui) => {
      const channel = id as keyof typeof TEMPLATE_CONTENT_SCHEMAS;
      const parsed = parseTemplateContent(channel, withoutEmptyStrings(ui.starterContent()));
      expect(parsed.ok ? [] : parsed.errors).toEqual([]);
      const schema: z.ZodType = TEMPLATE_CONTENT_SCHEMAS[channel];
      const fields = schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
      for (const field of ui.settingsFields) expect(fields).toContain(field);
    },
  );
});
