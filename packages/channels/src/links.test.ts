import { describe, expect, it } from 'vitest';
import { clickTargetMatches, messageLinks, readLinkToken, verifyLinkToken } from './links';
import { checkOutboundUrl } from './outbound-guard';
import { htmlToText } from './email/html-text';
import { sanitizeInAppHtml } from './in-app/in-app-channel';
import { smsKeyword, verifyTwilioSignature } from './sms/sms-channel';
import { signWebhook, verifyWebhookSignature } from './webhook/webhook-channel';

describe('signed message links', () => {
  const links = messageLinks({
    publicUrl: 'https://app.test/',
    workspaceId: 'w1',
    customerId: 'c1',
    sendId: 's1',
    topicKey: 'marketing',
    secret: 'secret-1',
  });

  it('signs click targets so the redirect cannot be pointed elsewhere', () => {
    const tracked = new URL(links.trackClick('https://shop.test/p/1?x=1'));
    const token = tracked.pathname.split('/').at(-1)!;
    const payload = verifyLinkToken(token, 'secret-1')!;
    expect(clickTargetMatches(payload, tracked.searchParams.get('u')!)).toBe(true);
    expect(clickTargetMatches(payload, 'https://evil.test/')).toBe(false);
  });

  it('rejects tokens signed with another secret or tampered with', () => {
    const token = links.unsubscribeUrl.split('/').at(-1)!;
    expect(verifyLinkToken(token, 'secret-1')).toMatchObject({ k: 'u', w: 'w1', c: 'c1', t: 'marketing' });
    expect(verifyLinkToken(token, 'secret-2')).toBeNull();
    const [body, mac] = token.split('.');
    const forged = Buffer.from(
      JSON.stringify({ k: 'u', w: 'w1', c: 'c2', s: null, t: 'marketing' }),
    ).toString('base64url');
    expect(verifyLinkToken(`${forged}.${mac}`, 'secret-1')).toBeNull();
    expect(readLinkToken(`${body}`)).not.toBeNull();
    expect(readLinkToken('not-a-token')).toBeNull();
  });
});

describe('outbound URL guard', () => {
  const resolveTo =
    (address: string, family = 4) =>
    async () => [{ address, family }];

  it('refuses private, loopback, link-local and mapped addresses after resolving', async () => {
    for (const address of ['10.1.2.3', '127.0.0.1', '169.254.169.254', '192.168.1.1', '100.64.0.1']) {
      await expect(
        checkOutboundUrl('https://hooks.test/x', { allowlist: '', resolve: resolveTo(address) }),
      ).rejects.toThrow(/private or reserved/);
    }
    await expect(checkOutboundUrl('http://[::ffff:10.0.0.1]/', { allowlist: '' })).rejects.toThrow(/private/);
    await expect(
      checkOutboundUrl('https://hooks.test/x', { allowlist: '', resolve: resolveTo('::1', 6) }),
    ).rejects.toThrow();
  });

  it('allows public addresses, and private ones on the allowlist', async () => {
    await expect(
      checkOutboundUrl('https://hooks.test/x', { allowlist: '', resolve: resolveTo('93.184.216.34') }),
    ).resolves.toMatchObject({
      address: '93.184.216.34',
    });
    await expect(
      checkOutboundUrl('https://hooks.test/x', { allowlist: '10.0.0.0/8', resolve: resolveTo('10.1.2.3') }),
    ).resolves.toBeTruthy();
    await expect(
      checkOutboundUrl('https://hooks.test/x', { allowlist: 'hooks.test', resolve: resolveTo('10.1.2.3') }),
    ).resolves.toBeTruthy();
  });

  it('refuses other schemes and credentials', async () => {
    await expect(checkOutboundUrl('file:///etc/passwd', { allowlist: '' })).rejects.toThrow(/http/);
    await expect(
      checkOutboundUrl('https://u:p@hooks.test/', { allowlist: '', resolve: resolveTo('93.184.216.34') }),
    ).rejects.toThrow(/credentials/);
  });
});

describe('message bodies', () => {
  it('derives a readable text part from HTML', () => {
    const html =
      '<html><head><style>p{}</style></head><body><p>Hello &amp; welcome</p><p><a href="https://s.test/c">Your cart</a></p></body></html>';
    expect(htmlToText(html)).toBe('Hello & welcome\nYour cart [https://s.test/c]');
  });

  it('sanitises in-app HTML', () => {
    const dirty =
      '<p onclick="x()">Hi<script>alert(1)</script><a href="javascript:alert(1)">x</a><img src="https://i/1.png" onerror="y()"></p>';
    expect(sanitizeInAppHtml(dirty)).toBe(
      '<p>Hi<a rel="noopener noreferrer">x</a><img src="https://i/1.png" /></p>',
    );
  });
});

describe('SMS keywords and signatures', () => {
  it('recognises STOP and START keywords only as whole messages', () => {
    expect(smsKeyword(' stop. ')).toBe('stop');
    expect(smsKeyword('UNSUBSCRIBE')).toBe('stop');
    expect(smsKeyword('start')).toBe('start');
    expect(smsKeyword('please stop sending')).toBeNull();
  });

  it("verifies Twilio's request signature", () => {
    // Example from Twilio's security documentation.
    expect(
      verifyTwilioSignature({
        authToken: '12345',
        url: 'https://mycompany.com/myapp.php?foo=1&bar=2',
        params: {
          CallSid: 'CA1234567890ABCDE',
          Caller: '+12349013030',
          Digits: '1234',
          From: '+12349013030',
          To: '+18005551212',
        },
        signature: '0/KCTR6DLpKmkAf8muzZqo1nDgQ=',
      }),
    ).toBe(true);
  });

  it('signs webhooks over timestamp and body, refusing stale timestamps', () => {
    const header = signWebhook('{"a":1}', 'sec', 1_700_000_000);
    expect(verifyWebhookSignature(header, '{"a":1}', 'sec', { now: 1_700_000_100 })).toBe(true);
    expect(verifyWebhookSignature(header, '{"a":1}', 'sec', { now: 1_700_001_000 })).toBe(false);
    expect(verifyWebhookSignature(header, '{"a":1}', 'other', { now: 1_700_000_100 })).toBe(false);
  });
});
