import type { Db } from '@nudgeflow/db';
import { describe, expect, it } from 'vitest';
import type { ChannelProfile } from './channel';
import { reachabilityByChannel, UNSUBSCRIBED_ALL_REASON } from './reachability';
import { createBuiltInChannels } from './registry';

// Building a channel opens nothing until it sends (nodemailer pools lazily, the push agent on first use).
const { channels } = createBuiltInChannels({ db: {} as Db, email: { transport: 'smtp://127.0.0.1:1' } });

const profile: ChannelProfile = {
  customerId: 'c',
  workspaceId: 'w',
  userId: 'u-1',
  email: 'ann@shop.test',
  emailOptIn: true,
  emailUndeliverable: null,
  phone: null,
  smsOptIn: false,
  unsubscribedAll: false,
  timezone: null,
  locale: null,
  traits: {},
  pushSubscriptions: [],
};

const byId = (profileOverrides: Partial<ChannelProfile>) =>
  Object.fromEntries(
    reachabilityByChannel(channels, { ...profile, ...profileOverrides }).map((reach) => [
      reach.channel,
      reach,
    ]),
  );

describe('reachabilityByChannel', () => {
  it("gives every channel's own answer, with the reason the sender would record", () => {
    const reach = byId({});
    expect(reach.email).toMatchObject({ label: 'Email', reachable: true, reason: null });
    expect(reach.sms).toMatchObject({ reachable: false, reason: 'no phone number' });
    expect(reach.push).toMatchObject({ reachable: false, reason: 'no push subscription' });
    expect(Object.keys(reach)).toEqual(channels.map((channel) => channel.id));
    expect(byId({ emailUndeliverable: 'hard bounce' }).email).toMatchObject({
      reachable: false,
      reason: 'email address undeliverable (hard bounce)',
    });
  });

  it('refuses every channel for a customer unsubscribed from everything, as the sender does', () => {
    for (const reach of Object.values(byId({ unsubscribedAll: true }))) {
      expect(reach).toMatchObject({ reachable: false, reason: UNSUBSCRIBED_ALL_REASON });
    }
  });
});
