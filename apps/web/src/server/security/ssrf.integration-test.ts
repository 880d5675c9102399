import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSmsChannel, createWebhookChannel, type SendTarget } from '@nudgeflow/channels';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

/**
 * Attack suite: server-side request forgery through the URLs a workspace configures (webhook nodes, the
 * SMS provider's base URL), through the channels' real send path and the outbound guard, with
 * OUTBOUND_ALLOWLIST as production has it (empty). A trap server on loopback counts every request that
 * reaches it: each case fails if the send reaches it or is not refused as a private address. Host names
 * resolve through /etc/hosts (`localhost`, `vm` → 127.0.0.1), never external DNS.
 */
let trap: Server;
let trapPort: number;
let trapHits = 0;
let redirector: Server;
let redirectTo = '';

function listen(server: Server, host: string): Promise<number> {
  return new Promise((resolve) =>
    server.listen(0, host, () => resolve((server.address() as AddressInfo).port)),
  );
}

beforeAll(async () => {
  trap = createServer((request, response) => {
    trapHits++;
    request.resume();
    response.writeHead(200, { 'content-type': 'application/json' }).end('{"sid":"SMtrap"}');
  });
  trapPort = await listen(trap, '127.0.0.1');
  // An allowed host (127.0.0.2, allowlisted below) that redirects to a private one.
  redirector = createServer((request, response) => {
    request.resume();
    response.writeHead(302, { Location: redirectTo }).end();
  });
  await listen(redirector, '127.0.0.2');
});
beforeEach(() => {
  trapHits = 0;
});
afterAll(async () => {
  await new Promise((resolve) => trap.close(resolve));
  await new Promise((resolve) => redirector.close(resolve));
});

const PRIVATE_URLS = (port: number): [string, string][] => [
  ['loopback 127.0.0.1', `http://127.0.0.1:${port}/hook`],
  ['loopback elsewhere in 127/8', `http://127.8.9.10:${port}/hook`],
  ['10/8', 'http://10.0.0.1/hook'],
  ['172.16/12', 'http://172.16.0.1/hook'],
  ['192.168/16', 'http://192.168.1.1/hook'],
  ['cloud metadata 169.254.169.254', 'http://169.254.169.254/latest/meta-data/iam/security-credentials/'],
  ['0.0.0.0', `http://0.0.0.0:${port}/hook`],
  ['IPv6 loopback ::1', `http://[::1]:${port}/hook`],
  ['IPv6 loopback written long', `http://[0:0:0:0:0:0:0:1]:${port}/hook`],
  ['IPv6 unique local fc00::/7', 'http://[fd12:3456::1]/hook'],
  ['IPv6 link local', 'http://[fe80::1]/hook'],
  ['IPv4-mapped IPv6', `http://[::ffff:127.0.0.1]:${port}/hook`],
  ['IPv4-mapped IPv6 in hex', `http://[::ffff:7f00:1]:${port}/hook`],
  ['IPv4-compatible IPv6', `http://[::127.0.0.1]:${port}/hook`],
  ['NAT64 of a private address', 'http://[64:ff9b::a00:1]/hook'],
  ['decimal IP notation', `http://2130706433:${port}/hook`],
  ['octal IP notation', `http://0177.0.0.1:${port}/hook`],
  ['hex IP notation', `http://0x7f.0.0.1:${port}/hook`],
  ['short IP notation', `http://127.1:${port}/hook`],
  ['DNS name resolving to loopback (localhost)', `http://localhost:${port}/hook`],
  ['DNS name resolving to loopback (/etc/hosts)', `http://vm:${port}/hook`],
  ['DNS name with a trailing dot', `http://localhost.:${port}/hook`],
];

const target = {
  sendId: '00000000-0000-4000-8000-000000000001',
  workspace: { id: '00000000-0000-4000-8000-000000000002', signingSecret: 'whsec_ssrf', settings: {} },
  profile: { customerId: 'c', phone: '+15550001111', smsOptIn: true },
} as unknown as SendTarget;

describe('SSRF through webhook URLs', () => {
  const webhook = createWebhookChannel({ backoffMs: 1 });

  it.each(PRIVATE_URLS(0).map(([name]) => name))('refuses %s', async (name) => {
    const url = new Map(PRIVATE_URLS(trapPort)).get(name)!;
    const result = await webhook.send(
      { url, headers: {}, body: '{}', timeoutMs: 2000, maxAttempts: 1 },
      'idem-ssrf',
      target,
    );
    expect(result.ok, `${url} was sent`).toBe(false);
    if (!result.ok) {
      expect(result.failure.kind).toBe('permanent');
      expect(result.failure.message).toMatch(/private or reserved|only http\(s\)/);
    }
    expect(trapHits).toBe(0);
  });

  it.each([
    ['loopback', () => `http://127.0.0.1:${trapPort}/after-redirect`],
    ['cloud metadata', () => 'http://169.254.169.254/latest/meta-data/'],
  ])('does not follow a redirect from an allowed host to %s', async (_name, location) => {
    redirectTo = location();
    const allowed = createWebhookChannel({ allowlist: '127.0.0.2', backoffMs: 1 });
    const port = (redirector.address() as AddressInfo).port;
    const result = await allowed.send(
      { url: `http://127.0.0.2:${port}/hook`, headers: {}, body: '{}', timeoutMs: 2000, maxAttempts: 1 },
      'idem-redirect',
      target,
    );
    // The 302 is the receiver's answer; nothing is fetched from its Location.
    expect(result.ok && result.providerId).toBe('http:302');
    expect(trapHits).toBe(0);
  });

  it('refuses non-http schemes', async () => {
    for (const url of ['file:///etc/passwd', 'gopher://127.0.0.1:25/', 'ftp://127.0.0.1/']) {
      const result = await webhook.send(
        { url, headers: {}, body: '{}', timeoutMs: 2000, maxAttempts: 1 },
        'idem-scheme',
        target,
      );
      expect(result.ok, url).toBe(false);
    }
  });
});

describe('SSRF through the SMS provider URL', () => {
  const sms = createSmsChannel({ timeoutMs: 2000 });

  it.each(PRIVATE_URLS(0).map(([name]) => name))('refuses %s', async (name) => {
    const baseUrl = new Map(PRIVATE_URLS(trapPort)).get(name)!.replace(/\/hook$/, '');
    const result = await sms.send({ body: 'hi', locale: 'en' }, 'idem-sms', {
      ...target,
      workspace: {
        ...target.workspace,
        // The workspace's own SMS provider, as the sender hands it over (opened from WorkspaceChannelSettings).
        channels: { sms: { baseUrl, accountSid: 'AC1', authToken: 'secret', from: '+15550002222' } },
      },
    });
    expect(result.ok, `${baseUrl} was sent to`).toBe(false);
    if (!result.ok) {
      expect(result.failure.kind).toBe('permanent');
      expect(result.failure.message).toMatch(/private or reserved/);
    }
    expect(trapHits).toBe(0);
  });
});
