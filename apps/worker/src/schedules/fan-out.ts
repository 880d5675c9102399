import {
  isValidTimeZone,
  JOURNEY_SCHEDULE_TRIGGER_EVENT,
  parseWallTime,
  TriggerScheduleConfig,
  wallTimeToInstant,
} from '@nudgeflow/journey';
import type { EmitEventInput, ScheduleAudienceMember, ScheduleFireRow } from '@nudgeflow/db';

/**
 * Who one fire enters, and the entry event each of them gets. Entries go through the outbox as internal
 * events, like the API trigger's, so the dispatcher applies the journey's entry rules (one active run,
 * re-entry) and starts runs with signalWithStart exactly as for any other trigger.
 */

let knownZones: readonly string[] | undefined;
let knownZoneSet: ReadonlySet<string> | undefined;

/**
 * Every time zone the runtime knows (ICU's canonical list, plus UTC). Customer-local schedules are planned
 * for all of them, so planning needs no query; a customer whose zone is spelled otherwise (an alias such as
 * Asia/Kolkata, or something invalid) is decided one by one at fan-out time.
 */
export function plannedTimeZones(): readonly string[] {
  knownZones ??= [...new Set([...Intl.supportedValuesOf('timeZone'), 'UTC'])].sort();
  return knownZones;
}

function isPlannedZone(zone: string): boolean {
  knownZoneSet ??= new Set(plannedTimeZones());
  return knownZoneSet.has(zone);
}

/** `schedule:<journey>:<trigger node>:<occurrence>:<customer>`: one entry per customer per occurrence. */
export function scheduleEntryMessageId(
  fire: Pick<ScheduleFireRow, 'journeyId' | 'triggerNodeId' | 'occurrence'>,
  customerId: string,
) {
  return `schedule:${fire.journeyId}:${fire.triggerNodeId}:${fire.occurrence}:${customerId}`;
}

export function liveScheduleConfig(fire: ScheduleFireRow): TriggerScheduleConfig | null {
  const parsed = TriggerScheduleConfig.safeParse(fire.config);
  return parsed.success ? parsed.data : null;
}

export function fireAudience(fire: ScheduleFireRow) {
  const config = liveScheduleConfig(fire);
  if (!config) return { skip: 'the journey is not live, or its live version has no such schedule trigger' };
  return {
    segmentId: config.segmentId,
    // Customers without a known zone follow the trigger's own zone.
    withoutZone: fire.zones.length === 0 || fire.zones.includes(config.timezone),
    knownZones: [...plannedTimeZones(), config.timezone],
  };
}

/** The zone a customer's local-time occurrence is computed in. */
export function effectiveTimeZone(customerZone: string | null, config: TriggerScheduleConfig): string {
  return customerZone && isValidTimeZone(customerZone) ? customerZone : config.timezone;
}

export function fireEntries(
  fire: ScheduleFireRow,
  members: ScheduleAudienceMember[],
  now: Date,
): EmitEventInput[] {
  const config = liveScheduleConfig(fire)!;
  const wall = parseWallTime(fire.occurrence);
  const entries: EmitEventInput[] = [];
  for (const member of members) {
    let zone: string | null = null;
    if (fire.zones.length > 0) {
      zone = effectiveTimeZone(member.timezone, config);
      // Zones outside the planned list come back from every fire's query; only the one at their instant takes them.
      const atThisInstant =
        fire.zones.includes(zone) ||
        (!isPlannedZone(zone) &&
          wall !== null &&
          wallTimeToInstant(wall, zone).getTime() === fire.fireAt.getTime());
      if (!atThisInstant) continue;
    }
    entries.push({
      workspaceId: fire.workspaceId,
      customerId: member.customerId,
      type: 'INTERNAL',
      name: JOURNEY_SCHEDULE_TRIGGER_EVENT,
      messageId: scheduleEntryMessageId(fire, member.customerId),
      properties: {
        journeyId: fire.journeyId,
        triggerNodeId: fire.triggerNodeId,
        occurrence: fire.occurrence,
        fireAt: fire.fireAt.toISOString(),
        timezone: zone ?? config.timezone,
      },
      timestamp: now,
    });
  }
  return entries;
}
