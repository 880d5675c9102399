import type { Channel, ChannelProfile } from './channel';

/** Whether one channel may reach a customer now, and if not, why, in the words the send log uses. */
export interface ChannelReach {
  channel: string;
  label: string;
  reachable: boolean;
  reason: string | null;
}

/** The reason the message sender records (as channel `*`) for a customer who left every message. */
export const UNSUBSCRIBED_ALL_REASON = 'unsubscribed from all messages';

/**
 * Each channel's own answer (`Channel.reachability`) for a profile, as the message sender would get it:
 * a customer unsubscribed from everything is refused before any channel is asked. The profile page shows
 * this, so "why can this customer not get email" is answered by the same code that decides at send time.
 */
export function reachabilityByChannel(channels: readonly Channel[], profile: ChannelProfile): ChannelReach[] {
  return channels.map((channel) => {
    if (profile.unsubscribedAll) {
      return { channel: channel.id, label: channel.label, reachable: false, reason: UNSUBSCRIBED_ALL_REASON };
    }
    const reach = channel.reachability(profile);
    return {
      channel: channel.id,
      label: channel.label,
      reachable: reach.reachable,
      reason: reach.reachable ? null : reach.reason,
    };
  });
}
