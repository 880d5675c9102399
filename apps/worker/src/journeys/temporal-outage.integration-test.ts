import net from 'node:net';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { env } from '@nudgeflow/config';
import { countPendingOutbox, listJourneySteps } from '@nudgeflow/db';
import { node, startJourneyHarness, type JourneyHarness } from '../testing/journey-harness';

/**
 * While the dispatcher cannot reach Temporal, events stay in the outbox (retried with backoff, in order per
 * customer) and go out once it is reachable again. The outage is a TCP proxy in front of the real server
 * that the test closes and reopens.
 */
class TcpProxy {
  private server: net.Server | undefined;
  private readonly sockets = new Set<net.Socket>();
  port = 0;

  constructor(private readonly target: { host: string; port: number }) {}

  async open(): Promise<void> {
    this.server = net.createServer((client) => {
      const upstream = net.connect(this.target);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => socket.destroy());
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
    this.port = (this.server.address() as net.AddressInfo).port;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server = undefined;
  }
}

let h: JourneyHarness;
let proxy: TcpProxy;
let proxiedConnection: Connection;

beforeAll(async () => {
  const [host, port] = env().TEMPORAL_ADDRESS!.split(':');
  proxy = new TcpProxy({ host: host!, port: Number(port) });
  await proxy.open();
  proxiedConnection = await Connection.connect({ address: `127.0.0.1:${proxy.port}` });
  h = await startJourneyHarness({
    client: new Client({ connection: proxiedConnection }),
    maxBackoffMs: 1000,
  });
});

afterAll(async () => {
  await h?.close();
  await proxiedConnection?.close();
  await proxy?.close();
});

test('events wait in the outbox while Temporal is unreachable and go out, in order, when it is back', async () => {
  const { journeyId } = await h.publish({
    name: 'Outage',
    nodes: [
      node('start', 'trigger.event', { event: 'Outage Start', where: [] }, { default: 'wait' }),
      node(
        'wait',
        'wait.events',
        {
          events: [{ id: 'next', matcher: { event: 'Outage Next', where: [] } }],
          timeout: { amount: 1, unit: 'hours' },
        },
        { 'event:next': null, timeout: null },
      ),
    ],
  });
  const customers = await Promise.all([h.createCustomer(), h.createCustomer(), h.createCustomer()]);

  await proxy.close();
  for (const customerId of customers) {
    await h.emit({ customerId, name: 'Outage Start' });
    await h.emit({ customerId, name: 'Outage Next' });
  }
  // Both events of every customer are held back: the failing first one blocks the second.
  await h.waitFor(async () => {
    const failing = await h.db.outboxEntry.count({
      where: {
        workspaceId: h.workspaceId,
        dispatchedAt: null,
        attempts: { gte: 2 },
        lastError: { not: null },
      },
    });
    return failing === customers.length;
  }, 'dispatch attempts to fail');
  expect(await countPendingOutbox(h.db, h.workspaceId)).toBe(customers.length * 2);
  expect(await h.db.journeyRun.count({ where: { journeyId } })).toBe(0);

  await proxy.open();
  await h.waitFor(
    async () => (await countPendingOutbox(h.db, h.workspaceId)) === 0,
    'the outbox to drain',
    60_000,
  );
  for (const customerId of customers) {
    const run = await h.waitFor(async () => {
      const row = await h.db.journeyRun.findFirst({ where: { journeyId, customerId } });
      return row?.status === 'COMPLETED' ? row : undefined;
    }, 'the run to complete');
    // Start arrived before Next: the run saw Next and did not wait out its hour.
    const waited = (await listJourneySteps(h.db, run.id)).find((step) => step.kind === 'waited')!;
    expect(waited.detail).toMatchObject({ endedBy: 'event', output: 'event:next' });
  }
});
