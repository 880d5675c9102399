/**
 * Web-push fan-out throughput: Nudgeflow's PushTransport against a plain `webpush.sendNotification` loop,
 * both sending to the same local push service (HTTPS, self-signed) in the same run.
 *
 * The push service runs in a child process so its CPU is not charged to the sender; "per core" is sends
 * divided by the sender process's CPU seconds (user + system), "per second" is wall clock.
 * The service skips VAPID verification and decryption here to stay out of the way; the integration tests
 * (packages/channels/src/push/*.integration-test.ts) verify both on every message.
 *
 * Run: npm run bench -- push (or npx tsx bench/push.bench.ts) → bench/results/push.json
 */
import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import https from 'node:https';
import { fileURLToPath } from 'node:url';
import webpush from 'web-push';
// eslint-disable-next-line nudgeflow/package-boundaries -- measures the encryptor itself, which no channel API exposes
import { encryptPushPayload } from '../packages/channels/src/push/encrypt';
import { PushTransport } from '@nudgeflow/channels';
import { startLocalPushService, type LocalSubscription } from '@nudgeflow/channels/testing/push-service';
import { writeResult } from './harness';

interface ServiceInfo {
  origin: string;
  ca: string;
  subscriptions: LocalSubscription[];
}

if (process.argv.includes('--service')) {
  const service = await startLocalPushService({ verify: false });
  const subscriptions = Array.from({ length: Number(process.env.BENCH_SUBSCRIPTIONS ?? 1000) }, () =>
    service.subscribe(),
  );
  process.send?.({ origin: service.origin, ca: service.ca, subscriptions } satisfies ServiceInfo);
  process.on('message', (message) => {
    if (message === 'stop') void service.close().then(() => process.exit(0));
  });
} else {
  await main();
}

async function main(): Promise<void> {
  const child = fork(fileURLToPath(import.meta.url), ['--service'], { stdio: 'inherit' });
  const info = await new Promise<ServiceInfo>((resolve) =>
    child.once('message', (m) => resolve(m as ServiceInfo)),
  );
  const vapid = { subject: 'mailto:bench@nudgeflow.test', ...webpush.generateVAPIDKeys() };
  const payload = JSON.stringify({
    title: 'Your cart misses you',
    body: 'The sneakers you liked are still in stock — take 10% off with WELCOME10.',
    icon: 'https://shop.test/icon.png',
    image: 'https://shop.test/p/sneaker.jpg',
    url: 'https://shop.test/cart?utm_source=nudgeflow',
    actions: [{ action: 'open', title: 'Open cart' }],
    data: { promo_code: 'WELCOME10' },
    sendId: '3f1c5f1e-8c2b-4d59-9a53-8f7c1e0f9a11',
  });
  const subscriptionAt = (i: number) =>
    info.subscriptions[i % info.subscriptions.length] as LocalSubscription;

  const plainCount = Number(process.env.BENCH_PLAIN ?? 2000);
  const fastCount = Number(process.env.BENCH_FAST ?? 30000);

  // Warm both paths (TLS handshakes, JIT) before measuring.
  await plainLoop(info, vapid, payload, 200, subscriptionAt);
  await transportRun(info, vapid, payload, 2000, 256, true, subscriptionAt);

  const plain = await plainLoop(info, vapid, payload, plainCount, subscriptionAt);
  const fast = await transportRun(
    info,
    vapid,
    payload,
    fastCount,
    Number(process.env.BENCH_CONCURRENCY ?? 256),
    true,
    subscriptionAt,
  );
  const fastHttp1 = await transportRun(info, vapid, payload, fastCount / 2, 256, false, subscriptionAt);
  const subscription = subscriptionAt(0);
  const encryptOnlyWebPush = measure(5000, () => {
    webpush.encrypt(subscription.keys.p256dh, subscription.keys.auth, payload, 'aes128gcm');
  });
  const payloadBuffer = Buffer.from(payload);
  const encryptOnlyNudgeflow = measure(5000, () => {
    encryptPushPayload(subscription.keys.p256dh, subscription.keys.auth, payloadBuffer);
  });

  const failureReasons = { ...fast.failureReasons, ...fastHttp1.failureReasons };
  if (Object.keys(failureReasons).length > 0) console.error('failures:', failureReasons);
  const file = writeResult({
    name: 'push',
    description:
      `Web-push fan-out of a ${Buffer.byteLength(payload)}-byte payload to a local HTTPS push service (another process, ` +
      'VAPID and decryption checks off): PushTransport (VAPID JWT reused per origin, one HTTP/2 session, ' +
      '256 concurrent senders whose bodies in flight stay within the HTTP/2 connection window) against a ' +
      'sequential webpush.sendNotification loop with a keep-alive agent, in the same run. Per core = sends ' +
      'per second of the sender process CPU (user + system); wall-clock rates share 2 CPUs with the service.',
    figures: {
      http2Sends: fast.sends,
      http2Failures: fast.failures,
      http2PerSecond: fast.perSecond,
      http2PerCoreSecond: fast.perCoreSecond,
      http1KeepAliveSends: fastHttp1.sends,
      http1KeepAliveFailures: fastHttp1.failures,
      http1KeepAlivePerSecond: fastHttp1.perSecond,
      http1KeepAlivePerCoreSecond: fastHttp1.perCoreSecond,
      encryptionOnlyPerCoreSecond: encryptOnlyNudgeflow.perCoreSecond,
    },
    baseline: {
      plainLoopSends: plain.sends,
      plainLoopFailures: plain.failures,
      plainLoopPerSecond: plain.perSecond,
      plainLoopPerCoreSecond: plain.perCoreSecond,
      webPushEncryptionOnlyPerCoreSecond: encryptOnlyWebPush.perCoreSecond,
    },
    ratios: {
      http2PerCoreVsPlainLoop: round(fast.perCoreSecond / plain.perCoreSecond),
      http2WallClockVsPlainLoop: round(fast.perSecond / plain.perSecond),
      http1PerCoreVsPlainLoop: round(fastHttp1.perCoreSecond / plain.perCoreSecond),
      encryptionVsWebPush: round(encryptOnlyNudgeflow.perCoreSecond / encryptOnlyWebPush.perCoreSecond),
    },
  });
  console.log(readFileSync(file, 'utf8'));
  stop(child);
}

function stop(child: ChildProcess): void {
  child.send('stop');
}

interface RunFigures {
  sends: number;
  failures: number;
  /** Why sends failed (status or transport error), for runs of PushTransport. */
  failureReasons?: Record<string, number>;
  wallSeconds: number;
  cpuSeconds: number;
  perSecond: number;
  perCoreSecond: number;
}

async function timed(sends: number, run: () => Promise<number>): Promise<RunFigures> {
  const cpuBefore = process.cpuUsage();
  const started = process.hrtime.bigint();
  const failures = await run();
  const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = process.cpuUsage(cpuBefore);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  return {
    sends,
    failures,
    wallSeconds: round(wallSeconds),
    cpuSeconds: round(cpuSeconds),
    perSecond: Math.round(sends / wallSeconds),
    perCoreSecond: Math.round(sends / cpuSeconds),
  };
}

function measure(count: number, work: () => void): RunFigures {
  const cpuBefore = process.cpuUsage();
  const started = process.hrtime.bigint();
  for (let i = 0; i < count; i += 1) work();
  const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = process.cpuUsage(cpuBefore);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  return {
    sends: count,
    failures: 0,
    wallSeconds: round(wallSeconds),
    cpuSeconds: round(cpuSeconds),
    perSecond: Math.round(count / wallSeconds),
    perCoreSecond: Math.round(count / cpuSeconds),
  };
}

function plainLoop(
  info: ServiceInfo,
  vapid: { subject: string; publicKey: string; privateKey: string },
  payload: string,
  count: number,
  subscriptionAt: (i: number) => LocalSubscription,
): Promise<RunFigures> {
  const agent = new https.Agent({ keepAlive: true, ca: info.ca });
  return timed(count, async () => {
    let failures = 0;
    for (let i = 0; i < count; i += 1) {
      const subscription = subscriptionAt(i);
      try {
        await webpush.sendNotification(
          { endpoint: subscription.endpoint, keys: subscription.keys },
          payload,
          {
            vapidDetails: vapid,
            TTL: 3600,
            agent,
          },
        );
      } catch {
        failures += 1;
      }
    }
    agent.destroy();
    return failures;
  });
}

async function transportRun(
  info: ServiceInfo,
  vapid: { subject: string; publicKey: string; privateKey: string },
  payload: string,
  count: number,
  concurrency: number,
  http2: boolean,
  subscriptionAt: (i: number) => LocalSubscription,
): Promise<RunFigures> {
  const transport = new PushTransport({ ca: info.ca, http2, maxSockets: 64 });
  const body = Buffer.from(payload);
  const failureReasons: Record<string, number> = {};
  const figures = await timed(count, async () => {
    let next = 0;
    let failures = 0;
    // A failed send is counted with its reason, never allowed to end the run.
    const failed = (reason: string) => {
      failures += 1;
      failureReasons[reason] = (failureReasons[reason] ?? 0) + 1;
    };
    const lane = async () => {
      while (next < count) {
        const subscription = subscriptionAt(next);
        next += 1;
        try {
          const response = await transport.send({
            endpoint: subscription.endpoint,
            ...subscription.keys,
            payload: body,
            vapid,
            ttlSeconds: 3600,
            urgency: 'normal',
          });
          if (response.status !== 201) failed(`status ${response.status}`);
        } catch (error) {
          failed((error as Error).message);
        }
      }
    };
    await Promise.all(Array.from({ length: concurrency }, lane));
    transport.close();
    return failures;
  });
  return { ...figures, failureReasons };
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
