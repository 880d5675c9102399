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
import * as migrateRoute from '@nudgeflow/web/routes/api/v1/journeys/[journeyId]/migrate';
import * as planRoute from '@nudgeflow/web/routes/api/v1/journeys/[journeyId]/plan';
import * as templateRoute from '@nudgeflow/web/routes/api/v1/templates/[templateId]';
import * as templatesRoute from '@nudgeflow/web/routes/api/v1/templates';
import { startRouteServer } from '@nudgeflow/web/testing/route-server';
import { runCli } from './cli';

/** The CLI over real HTTP against the journeys route handlers and a real database. */
describe('nudgeflow journeys CLI', () => {
  let db: Db;
  let server: Awaited<ReturnType<typeof startRouteServer>>;
  let apiKey: string;
  let workspaceId: string;
  let otherWorkspaceId: string;
  let otherKey: string;
  const dir = mkdtempSync(join(tmpdir(), 'nudgeflow-cli-'));

  beforeAll(async () => {
    db = createDb(env().DATABASE_URL);
    const workspace = await createTestWorkspace(db);
    workspaceId = workspace.id;
    apiKey = (await createApiKey(db, { workspaceId, name: 'cli' })).plainKey;
    otherWorkspaceId = (await createTestWorkspace(db)).id;
    otherKey = (await createApiKey(db, { workspaceId: otherWorkspaceId, name: 'cli' })).plainKey;
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
      '/api/v1/journeys/:journeyId/plan': planRoute,
      '/api/v1/journeys/:journeyId/migrate': migrateRoute,
      '/api/v1/templates': templatesRoute,
      '/api/v1/templates/:templateId': templateRoute,
    });
  });

  afterAll(async () => {
    await server?.close();
    await db.workspace.deleteMany({ where: { id: { in: [workspaceId, otherWorkspaceId] } } });
    await closeDb(db);
    // The route handlers use the process-wide client.
    await closeSharedDb();
  });

  async function cliAs(key: string, argv: string[]) {
    let out = '';
    let err = '';
    let sent = 0;
    const code = await runCli(argv, {
      fetch: (input, init) => {
        sent += 1;
        return globalThis.fetch(input, init);
      },
      readFile: async (path) => readFileSync(path, 'utf8'),
      stdout: (text) => (out += text),
      stderr: (text) => (err += text),
      url: server.url,
      apiKey: key,
    });
    return { code, out, err, sent };
  }
  const cli = (...argv: string[]) => cliAs(apiKey, argv);

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

  it('says an offline check is offline, and sends nothing', async () => {
    writeFileSync(
      join(dir, 'offline-bad.json'),
      JSON.stringify({
        format: 'nudgeflow.journey/v1',
        name: 'Bad',
        nodes: [{ id: 'a', type: 'exit' }],
        edges: [],
      }),
    );
    const journey = await cli('journeys', 'validate', join(dir, 'offline-bad.json'));
    expect(journey.code).toBe(1);
    expect(journey.sent).toBe(0);
    expect(journey.err).toMatch(
      /^\S+offline-bad\.json is not valid \(checked offline; nothing was sent\):\n {2}/,
    );
    expect(journey.err).not.toMatch(/Failed \(/);
    writeFileSync(join(dir, 'not-json.json'), '{"format":');
    const notJson = await cli('templates', 'validate', join(dir, 'not-json.json'));
    expect(notJson).toMatchObject({ code: 1, sent: 0 });
    expect(notJson.err).toMatch(
      /not-json\.json is not valid \(checked offline; nothing was sent\):\n {2}is not valid JSON/,
    );
  });

  it('keeps templates as code: validate, import, list, export, and a journey bundle moved to another workspace', async () => {
    const email = {
      format: 'nudgeflow.template/v1',
      name: 'Still thinking?',
      channel: 'email',
      topicKey: 'marketing',
      content: {
        variants: {
          en: {
            subject: 'Still thinking about {{ product.name }}?',
            mjml: '<mjml><mj-body><mj-section><mj-column><mj-text>Hi {{ customer.firstName }}</mj-text></mj-column></mj-section></mj-body></mjml>',
          },
        },
      },
    };
    writeFileSync(join(dir, 'email.json'), JSON.stringify(email));
    const broken = structuredClone(email);
    broken.content.variants.en.subject = 'Hi {{ customer.firstName';
    writeFileSync(join(dir, 'email-broken.json'), JSON.stringify(broken));

    const invalid = await cli('templates', 'validate', join(dir, 'email-broken.json'));
    expect(invalid).toMatchObject({ code: 1, sent: 0 });
    expect(invalid.err).toMatch(/\n {2}content\.variants\.en\.subject: .+\(line 1\)\n$/);
    expect(await cli('templates', 'validate', join(dir, 'email.json'))).toMatchObject({ code: 0, sent: 0 });
    // The server checks the same way on import.
    const refused = await cli('templates', 'import', join(dir, 'email-broken.json'));
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/^Failed \(400\):\n {2}content\.variants\.en\.subject: /);

    const created = await cli('templates', 'import', join(dir, 'email.json'));
    expect(created).toMatchObject({ code: 0, err: '' });
    const templateId = /^Created "Still thinking\?" \(([0-9a-f-]{36})\)\n$/.exec(created.out)?.[1];
    expect(templateId).toBeDefined();
    expect((await cli('templates', 'import', join(dir, 'email.json'))).out).toBe(
      `Updated "Still thinking?" (${templateId})\n`,
    );
    expect((await cli('templates', 'list')).out).toContain(`${templateId}  email    Still thinking?\n`);
    const exported = JSON.parse((await cli('templates', 'export', templateId!)).out) as typeof email;
    expect(exported).toMatchObject({ ...email, id: templateId });

    // A journey sending that template, exported with it and imported into another workspace.
    const document = JSON.parse(readFileSync(join(dir, 'browse.json'), 'utf8')) as {
      name: string;
      nodes: { type: string; config: { channels?: unknown[] } }[];
    };
    document.name = 'Browse with its template';
    for (const node of document.nodes)
      if (node.type === 'message') node.config.channels = [{ channel: 'email', templateId }];
    writeFileSync(join(dir, 'browse-template.json'), JSON.stringify(document));
    const imported = await cli('journeys', 'import', join(dir, 'browse-template.json'));
    const journeyId = /\(([0-9a-f-]{36})\)/.exec(imported.out)![1]!;
    const bundle = await cli('journeys', 'export', journeyId, '--templates');
    expect(JSON.parse(bundle.out)).toMatchObject({
      format: 'nudgeflow.bundle/v1',
      journey: { name: 'Browse with its template' },
      templates: [{ id: templateId, name: 'Still thinking?', channel: 'email' }],
    });
    writeFileSync(join(dir, 'bundle.json'), bundle.out);
    expect((await cli('journeys', 'validate', join(dir, 'bundle.json'))).out).toMatch(
      /bundle\.json: valid \(6 nodes, 1 templates\)\n$/,
    );

    const moved = await cliAs(otherKey, ['journeys', 'import', join(dir, 'bundle.json'), '--publish']);
    expect(moved).toMatchObject({ code: 0, err: '' });
    expect(moved.out).toMatch(
      /^Created "Browse with its template" \([0-9a-f-]{36}\), published version 1\n$/,
    );
    const there = await db.template.findMany({ where: { workspaceId: otherWorkspaceId } });
    expect(there.map((template) => template.name)).toEqual(['Still thinking?']);
    expect(there[0]!.id).not.toBe(templateId);
    const movedJourney = await db.journey.findFirstOrThrow({ where: { workspaceId: otherWorkspaceId } });
    expect(JSON.stringify(movedJourney.draft)).toContain(there[0]!.id);
    expect(JSON.stringify(movedJourney.draft)).not.toContain(templateId);
    // Importing the bundle again updates the same template instead of adding a second.
    await cliAs(otherKey, ['journeys', 'import', join(dir, 'bundle.json')]);
    expect(await db.template.count({ where: { workspaceId: otherWorkspaceId } })).toBe(1);
  });

  it('shows the runs waiting per node before and when publishing, and migrates them', async () => {
    const document = JSON.parse(readFileSync(join(dir, 'browse.json'), 'utf8')) as {
      name: string;
      nodes: { id: string }[];
      edges: { source: string; target: string }[];
    };
    document.name = 'Browse with waiting runs';
    writeFileSync(join(dir, 'waiting-v1.json'), JSON.stringify(document));
    const created = await cli('journeys', 'import', join(dir, 'waiting-v1.json'), '--publish');
    const journeyId = /\(([0-9a-f-]{36})\)/.exec(created.out)![1]!;
    const version = await db.journeyVersion.findFirstOrThrow({ where: { journeyId } });
    for (const n of [1, 2]) {
      const customer = await db.customer.create({ data: { workspaceId, userId: `waiting-${n}` } });
      await db.journeyRun.create({
        data: {
          id: `cli-test-run-${journeyId}-${n}`,
          workspaceId,
          journeyId,
          versionId: version.id,
          customerId: customer.id,
          currentNodeId: 'wait_for_cart',
        },
      });
    }
    // Version 2 renames the wait the runs are in.
    const renamed = JSON.parse(
      JSON.stringify(document).replaceAll('"wait_for_cart"', '"wait_for_cart_2"'),
    ) as typeof document;
    writeFileSync(join(dir, 'waiting-v2.json'), JSON.stringify(renamed));

    const dryRun = await cli('journeys', 'plan', journeyId, '--file', join(dir, 'waiting-v2.json'));
    expect(dryRun).toMatchObject({ code: 0, err: '' });
    expect(dryRun.out).toBe(
      'Publishing "Browse with waiting runs" would create version 2.\n' +
        '2 runs waiting in version 1:\n' +
        '  wait_for_cart: 2 runs ✗ Runs wait on "wait_for_cart", which version 2 removes: map it to a node of the new version\n' +
        '\nThese runs cannot move until every ✗ node is mapped (--map old=new).\n',
    );
    const mapped = await cli(
      'journeys',
      'plan',
      journeyId,
      '--file',
      join(dir, 'waiting-v2.json'),
      '--map',
      'wait_for_cart=wait_for_cart_2',
    );
    expect(mapped.out).toContain('  wait_for_cart: 2 runs → wait_for_cart_2 (resume)\n');
    // Nothing was stored by the dry run.
    expect((await cli('journeys', 'list')).out).toContain(
      `${journeyId}  ACTIVE   v1    Browse with waiting runs\n`,
    );

    const published = await cli('journeys', 'import', join(dir, 'waiting-v2.json'), '--publish');
    expect(published.out).toBe(
      `Updated "Browse with waiting runs" (${journeyId}), published version 2\n` +
        '2 runs waiting in version 1:\n' +
        '  wait_for_cart: 2 runs ✗ Runs wait on "wait_for_cart", which version 2 removes: map it to a node of the new version\n' +
        '\nThese runs cannot move until every ✗ node is mapped (--map old=new).\n',
    );
    const unmapped = await cli('journeys', 'migrate', journeyId, '--from', '1');
    expect(unmapped).toMatchObject({ code: 1, out: '' });
    expect(unmapped.err).toBe(
      'Failed (409):\n  node wait_for_cart: Runs wait on "wait_for_cart", which version 2 removes: map it to a node of the new version\n',
    );
    // Mapped, each run is asked to move; these rows have no workflow behind them, so each is reported.
    const migrated = await cli(
      'journeys',
      'migrate',
      journeyId,
      '--from',
      '1',
      '--map',
      'wait_for_cart=wait_for_cart_2',
    );
    expect(migrated.code).toBe(1);
    expect(migrated.out).toMatch(/^Moved 0 runs from version 1 to 2\n {2}not moved cli-test-run-/);
    expect(migrated.out.match(/not moved/g)).toHaveLength(2);
    expect((await cli('journeys', 'migrate', journeyId)).code).toBe(2);
  });
});
