import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { env } from '@nudgeflow/config';
import { closeDb, closeSharedDb, createApiKey, createDb, type Db } from '@nudgeflow/db';
import { createTestWorkspace } from '@nudgeflow/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as archiveRoute from '@nudgeflow/web/routes/api/v1/journeys/[journeyId]/archive';
import * as exportRoute from '@nudgeflow/web/routes/api/v1/journeys/[journeyId]/export';
import * as pauseRoute from '@nudgeflow/web/routes/api/v1/journeys/[journeyId]/pause';
import * as publishRoute from '@nudgeflow/web/routes/api/v1/journeys/[journeyId]/publish';
import * as resumeRoute from '@nudgeflow/web/routes/api/v1/journeys/[journeyId]/resume';
import * as journeyRoute from '@nudgeflow/web/routes/api/v1/journeys/[journeyId]';
import * as journeysRoute from '@nudgeflow/web/routes/api/v1/journeys';
import { startRouteServer } from '@nudgeflow/web/testing/route-server';
import { runCli } from './cli';

/** The CLI over real HTTP against the journeys route handlers and a real database. */
describe('nudgeflow journeys CLI', () => {
  let db: Db;
  let server: Awaited<ReturnType<typeof startRouteServer>>;
  let apiKey: string;
  let workspaceId: string;
  const dir = mkdtempSync(join(tmpdir(), 'nudgeflow-cli-'));

  beforeAll(async () => {
    db = createDb(env().DATABASE_URL);
    const workspace = await createTestWorkspace(db);
    workspaceId = workspace.id;
    apiKey = (await createApiKey(db, { workspaceId, name: 'cli' })).plainKey;
    const template = await db.template.create({
      data: { workspaceId, name: 'Offer', channel: 'EMAIL', content: {} },
    });
    const example = readFileSync(
      fileURLToPath(new URL('../../journey/examples/browse-abandonment.json', import.meta.url)),
      'utf8',
    );
    // Point every message of the example at this workspace's email template.
    const document = JSON.parse(example) as { nodes: { type: string; config: { channels?: unknown[] } }[] };
    for (const node of document.nodes) {
      if (node.type === 'message') node.config.channels = [{ channel: 'email', templateId: template.id }];
    }
    writeFileSync(join(dir, 'browse.json'), JSON.stringify(document));
    server = await startRouteServer({
      '/api/v1/journeys': journeysRoute,
      '/api/v1/journeys/:journeyId': journeyRoute,
      '/api/v1/journeys/:journeyId/export': exportRoute,
      '/api/v1/journeys/:journeyId/publish': publishRoute,
      '/api/v1/journeys/:journeyId/pause': pauseRoute,
      '/api/v1/journeys/:journeyId/resume': resumeRoute,
      '/api/v1/journeys/:journeyId/archive': archiveRoute,
    });
  });

  afterAll(async () => {
    await server?.close();
    await db.workspace.deleteMany({ where: { id: workspaceId } });
    await closeDb(db);
    // The route handlers use the process-wide client.
    await closeSharedDb();
  });

  async function cli(...argv: string[]) {
    let out = '';
    let err = '';
    const code = await runCli(argv, {
      fetch: globalThis.fetch,
      readFile: async (path) => readFileSync(path, 'utf8'),
      stdout: (text) => (out += text),
      stderr: (text) => (err += text),
      url: server.url,
      apiKey,
    });
    return { code, out, err };
  }

  it('imports with --publish, updates by name on re-import, exports, pauses and resumes', async () => {
    const created = await cli('journeys', 'import', join(dir, 'browse.json'), '--publish');
    expect(created).toMatchObject({ code: 0, err: '' });
    expect(created.out).toMatch(/^Created "Browse abandonment" \(([0-9a-f-]{36})\), published version 1\n$/);
    const id = /\(([0-9a-f-]{36})\)/.exec(created.out)![1]!;

    const again = await cli('journeys', 'import', join(dir, 'browse.json'), '--publish');
    expect(again.out).toBe(`Updated "Browse abandonment" (${id}), published version 2\n`);

    const listed = await cli('journeys', 'list');
    expect(listed.out).toBe(`${id}  ACTIVE   v2    Browse abandonment\n`);

    const exported = await cli('journeys', 'export', id, '--version', '1');
    expect(JSON.parse(exported.out)).toMatchObject({
      format: 'nudgeflow.journey/v1',
      name: 'Browse abandonment',
    });
    writeFileSync(join(dir, 'exported.json'), exported.out);
    expect((await cli('journeys', 'validate', join(dir, 'exported.json'))).code).toBe(0);

    expect((await cli('journeys', 'pause', id)).out).toBe('"Browse abandonment" is now PAUSED\n');
    const pausedTwice = await cli('journeys', 'pause', id);
    expect(pausedTwice).toMatchObject({
      code: 1,
      err: 'Failed (409):\n  Only an active journey can be paused\n',
    });
    expect((await cli('journeys', 'resume', id)).out).toBe('"Browse abandonment" is now ACTIVE\n');
  });

  it('lists every problem of a rejected import by node and field', async () => {
    writeFileSync(
      join(dir, 'bad.json'),
      JSON.stringify({
        format: 'nudgeflow.journey/v1',
        name: 'Broken',
        nodes: [
          { id: 'start', type: 'trigger.event', config: { event: 'Signed Up' } },
          { id: 'send', type: 'message', config: { channels: [] } },
          { id: 'lonely', type: 'exit' },
        ],
        edges: [{ source: 'start', target: 'send' }],
      }),
    );
    const result = await cli('journeys', 'import', join(dir, 'bad.json'));
    expect(result.code).toBe(1);
    expect(result.err).toBe(
      'Failed (400):\n  node send · channels: Add at least one channel\n  node lonely: No path leads here from a trigger\n',
    );
  });

  it('imports a draft naming a missing template, printing what publishing will refuse', async () => {
    writeFileSync(
      join(dir, 'later.json'),
      JSON.stringify({
        format: 'nudgeflow.journey/v1',
        name: 'Templates later',
        nodes: [
          { id: 'start', type: 'trigger.event', config: { event: 'Signed Up' } },
          {
            id: 'send',
            type: 'message',
            config: { channels: [{ channel: 'email', templateId: '00000000-0000-4000-8000-000000000000' }] },
          },
        ],
        edges: [{ source: 'start', target: 'send' }],
      }),
    );
    const draft = await cli('journeys', 'import', join(dir, 'later.json'));
    expect(draft.code).toBe(0);
    expect(draft.out).toMatch(/^Created "Templates later"/);
    expect(draft.err).toMatch(
      /^Publishing will refuse it until these are fixed:\n {2}node send · channels\.0\.templateId: /,
    );
    const published = await cli('journeys', 'import', join(dir, 'later.json'), '--publish');
    expect(published.code).toBe(1);
    expect(published.err).toMatch(/^Failed \(400\):\n {2}node send · channels\.0\.templateId: /);
  });

  it('refuses a wrong key and explains missing configuration', async () => {
    const wrongKey = await runCli(['journeys', 'list'], {
      fetch: globalThis.fetch,
      readFile: async () => '',
      stdout: () => {},
      stderr: () => {},
      url: server.url,
      apiKey: 'nf_sk_nope',
    });
    expect(wrongKey).toBe(1);
    let err = '';
    const unconfigured = await runCli(['journeys', 'list'], {
      fetch: globalThis.fetch,
      readFile: async () => '',
      stdout: () => {},
      stderr: (text) => (err += text),
      url: undefined,
      apiKey: undefined,
    });
    expect(unconfigured).toBe(2);
    expect(err).toMatch(/Set NUDGEFLOW_URL and NUDGEFLOW_API_KEY/);
  });
});
