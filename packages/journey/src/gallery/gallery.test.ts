import { SegmentDefinition } from '@nudgeflow/segments';
import { describe, expect, it } from 'vitest';
import { compileJourneyDocument } from '../document';
import { channelsOf, instantiateGalleryDocument, JOURNEY_GALLERY } from './index';

/** Ids as a workspace would give them: one fresh uuid per placeholder. */
function savedIds(journey: (typeof JOURNEY_GALLERY)[number]) {
  return Object.fromEntries(
    [...journey.templates, ...journey.segments].map((item, index) => [
      item.placeholderId,
      `11111111-2222-4333-8444-${String(index + 1).padStart(12, '0')}`,
    ]),
  );
}

describe('journey gallery', () => {
  it('holds every shop scenario once', () => {
    expect(JOURNEY_GALLERY.map((journey) => journey.id)).toEqual([
      'cart-abandonment',
      'browse-abandonment',
      'welcome-series',
      'repeat-customer',
      'almost-purchasers',
      'free-delivery-threshold',
      'back-in-stock',
      'holiday-offer',
    ]);
  });

  it.each(JOURNEY_GALLERY.map((journey) => [journey.id, journey] as const))(
    '%s compiles against its own templates and segments once they are saved',
    (_id, journey) => {
      const ids = savedIds(journey);
      const document = instantiateGalleryDocument(journey, ids);
      const templates = new Map(
        journey.templates.map((template) => [ids[template.placeholderId]!, template.channel]),
      );
      const segmentIds = new Set(journey.segments.map((segment) => ids[segment.placeholderId]!));
      const compiled = compileJourneyDocument(document, { known: { templates, segmentIds } });
      expect(compiled.ok ? [] : compiled.errors).toEqual([]);
      // No placeholder is left behind, and each template the gallery ships is used by the journey.
      const text = JSON.stringify(document);
      for (const template of journey.templates) {
        expect(text).not.toContain(template.placeholderId);
        expect(text).toContain(ids[template.placeholderId]);
      }
      expect(channelsOf(document).sort()).toEqual([...journey.channels].sort());
      for (const segment of journey.segments)
        expect(SegmentDefinition.safeParse(segment.definition).success).toBe(true);
    },
  );

  it('refuses to instantiate with a placeholder left without an id', () => {
    const cart = JOURNEY_GALLERY[0]!;
    const ids = savedIds(cart);
    delete ids[cart.templates[0]!.placeholderId];
    expect(() => instantiateGalleryDocument(cart, ids)).toThrow(cart.templates[0]!.placeholderId);
  });

  it('fails to compile when a template is missing from the workspace', () => {
    const cart = JOURNEY_GALLERY[0]!;
    const compiled = compileJourneyDocument(instantiateGalleryDocument(cart, savedIds(cart)), {
      known: { templates: new Map(), segmentIds: new Set() },
    });
    expect(compiled.ok).toBe(false);
  });
});
