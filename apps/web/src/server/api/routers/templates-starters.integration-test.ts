import { afterAll, describe, expect, it } from 'vitest';
import { starterContent, TEMPLATE_CHANNELS, withoutEmptyStrings } from '~/components/templates/channel-meta';
import { closeSharedDb, createTestWorkspace, getDb, uniqueTestId } from '~/server/testing/router-fixtures';
import { createCaller } from '../root';
import { createContextInner } from '../trpc';
import { closeAuthoringDeps } from './templates-authoring';

afterAll(async () => {
  await closeAuthoringDeps();
  await closeSharedDb();
});

/**
 * The editor's starter content is what a marketer sees first: for every channel it must save as it comes
 * (after the editor drops empty optional fields) and preview strictly for a customer with no data at all.
 */
describe('template editor starters', () => {
  it.each(TEMPLATE_CHANNELS)('%s: saves and previews for a bare customer', async (channel) => {
    const db = getDb();
    const id = uniqueTestId('user');
    const user = await db.user.create({ data: { id, name: 'Tester', email: `${id}@nudgeflow.test` } });
    const workspace = await createTestWorkspace(db, { ownerUserId: user.id });
    const customer = await db.customer.create({
      data: { workspaceId: workspace.id, userId: uniqueTestId('c') },
    });
    const caller = createCaller(
      createContextInner({ session: { user: { id: user.id, email: user.email, name: user.name } } }),
    );

    const saved = await caller.templates.save({
      workspaceId: workspace.id,
      name: `Starter ${channel}`,
      channel,
      content: withoutEmptyStrings(starterContent(channel)),
    });
    expect(saved, JSON.stringify(saved)).toMatchObject({ ok: true });
    if (!saved.ok) return;
    const preview = await caller.templates.preview({
      workspaceId: workspace.id,
      templateId: saved.template.id,
      customerId: customer.id,
    });
    expect(preview, JSON.stringify(preview)).toMatchObject({ ok: true, channel });
  });
});
