import { saveTemplateWithCompile, type BuiltInChannelId } from '@nudgeflow/channels';
import { createSegment, type Db } from '@nudgeflow/db';
import { findGalleryJourney, instantiateGalleryDocument, JOURNEY_GALLERY } from '@nudgeflow/journey/gallery';
import { saveJourneyDocument, type JourneyOutcome, type JourneySummaryBody } from './service';

/** The gallery as cards: what each scenario does, which channels it uses, how many steps it has. */
export function galleryCards() {
  return JOURNEY_GALLERY.map((journey) => ({
    id: journey.id,
    name: journey.name,
    summary: journey.summary,
    channels: journey.channels,
    steps: journey.document.nodes.length,
    templates: journey.templates.map((template) => ({ name: template.name, channel: template.channel })),
  }));
}

/**
 * Creates a gallery journey in the workspace as a draft: its templates (through the same save as the
 * template editor, MJML compiled) and audience segments first, then the journey document pointing at them,
 * compiled and reference-checked like any import. Nothing is published: the marketer reviews it first.
 */
export async function createJourneyFromGallery(
  db: Db,
  workspaceId: string,
  galleryId: string,
  options: { actor: string },
): Promise<JourneyOutcome<{ journey: JourneySummaryBody; templateIds: string[]; segmentIds: string[] }>> {
  const journey = findGalleryJourney(galleryId);
  if (!journey)
    return { ok: false, status: 404, errors: [{ field: 'galleryId', message: 'No such gallery journey' }] };
  const ids: Record<string, string> = {};
  for (const template of journey.templates) {
    const saved = await saveTemplateWithCompile(db, {
      workspaceId,
      name: template.name,
      channel: template.channel as BuiltInChannelId,
      topicKey: template.topicKey,
      content: template.content,
    });
    // A gallery template that does not save is our bug, not the caller's: say which one and why.
    if (!saved.ok)
      throw new Error(`gallery template ${template.name} does not save: ${JSON.stringify(saved.errors)}`);
    ids[template.placeholderId] = saved.template.id;
  }
  for (const segment of journey.segments) {
    const created = await createSegment(db, workspaceId, {
      name: segment.name,
      description: segment.description,
      definition: segment.definition,
    });
    if (!created.ok)
      throw new Error(`gallery segment ${segment.name} does not save: ${JSON.stringify(created.errors)}`);
    ids[segment.placeholderId] = created.value.segment.id;
  }
  const saved = await saveJourneyDocument(db, workspaceId, instantiateGalleryDocument(journey, ids), {
    actor: options.actor,
  });
  if (!saved.ok) return saved;
  return {
    ok: true,
    value: {
      journey: saved.value.journey,
      templateIds: journey.templates.map((template) => ids[template.placeholderId]!),
      segmentIds: journey.segments.map((segment) => ids[segment.placeholderId]!),
    },
  };
}
