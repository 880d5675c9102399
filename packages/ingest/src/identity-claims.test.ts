import { describe, expect, it } from 'vitest';
import { asAnonymousActivity, withoutProtectedTraits } from './identity-claims';
import type { IngestMessage } from './messages';

const base: IngestMessage = {
  type: 'identify',
  messageId: 'm-1',
  userId: 'victim',
  anonymousId: 'a-attacker',
  previousId: null,
  name: null,
  properties: { email: 'evil@x.test', plan: 'gold', emailOptIn: false },
  traits: {
    email: 'evil@x.test',
    phone: '+15550001111',
    plan: 'gold',
    emailOptIn: false,
    unsubscribed: true,
  },
  context: { traits: { email: 'evil@x.test', name: 'E' }, locale: 'en' },
  timestamp: new Date('2026-12-08T00:00:00Z'),
};

describe('an unproven userId claim', () => {
  it('loses email, phone and every consent trait, and keeps the rest', () => {
    const stripped = withoutProtectedTraits(base);
    expect(stripped.traits).toEqual({ plan: 'gold' });
    expect(stripped.properties).toEqual({ plan: 'gold' });
    expect(stripped.context).toEqual({ traits: { name: 'E' }, locale: 'en' });
  });

  it('becomes the anonymous id’s activity, marked unverified, without the ids an alias would join', () => {
    expect(asAnonymousActivity(base)).toMatchObject({
      userId: null,
      anonymousId: 'a-attacker',
      unverified: true,
    });
    const alias = asAnonymousActivity({
      ...base,
      type: 'alias',
      previousId: 'a-other',
      properties: {},
      traits: {},
    });
    expect(alias).toMatchObject({ userId: null, previousId: null });
  });

  it('without an anonymousId leaves nothing to store', () => {
    expect(asAnonymousActivity({ ...base, anonymousId: null })).toBeNull();
  });
});
