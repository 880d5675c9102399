import type { Logger } from '@nudgeflow/config';
import {
  advanceInactiveSchedulePlans,
  deleteFinishedScheduleFires,
  fanOutScheduleFireBatch,
  listDueScheduleFires,
  listScheduledJourneyVersions,
  nextScheduleFireAt,
  recordScheduleFires,
  skipScheduleFires,
  type Db,
  type ScheduledJourneyVersion,
} from '@nudgeflow/db';
import {
  JourneyDefinition,
  scheduleFires,
  scheduleTriggersOf,
  type TriggerScheduleConfig,
} from '@nudgeflow/journey';
import { fireAudience, fireEntries, plannedTimeZones } from './fan-out';

/**
 * Fires schedule triggers (`trigger.schedule`). A loop in every worker process, with Postgres as its only
 * state (docs/engine.md, "Schedule triggers"):
 *
 * 1. plan: for each ACTIVE journey version with schedule triggers, store the fires of the next `lookaheadMs`
 *    as JourneyScheduleFire rows (unique per trigger, occurrence and instant) and move the version's
 *    watermark; occurrences from before the version was published, or more than `catchUpMs` ago, are never
 *    planned;
 * 2. skip due fires that must not run (journey paused/archived, occurrence dropped by a newer version,
 *    missed by more than the catch-up bound);
 * 3. fan out each due fire in keyset-paginated batches under a row lock: each batch appends the members'
 *    entry events to the outbox and advances the fire's cursor in one transaction;
 * 4. sleep until the next planned fire, or `pollIntervalMs` (publishing is noticed at the next poll).
 *
 * Every step is idempotent and safe with several workers at once.
 */
export interface JourneySchedulerOptions {
  db: Db;
  log: Logger;
  /** Only this workspace's journeys (tests); every workspace when absent. */
  workspaceId?: string;
  now?: () => Date;
  pollIntervalMs?: number;
  lookaheadMs?: number;
  /** How late a fire may still start after the worker was down (default one hour). */
  catchUpMs?: number;
  batchSize?: number;
  /** How long finished fires are kept for the record (default 30 days). */
  retentionMs?: number;
}

export interface ScheduleTickResult {
  planned: number;
  skipped: { id: string; skipReason: string }[];
  entered: number;
}

export interface JourneyScheduler {
  /** One pass now (tests, and the loop itself); passes never overlap. */
  runOnce(): Promise<ScheduleTickResult>;
  stop(): Promise<void>;
}

export const DEFAULT_SCHEDULE_CATCH_UP_MS = 60 * 60_000;

const definitions = new Map<string, JourneyDefinition>();

interface ScheduleTrigger {
  nodeId: string;
  config: TriggerScheduleConfig;
}

function scheduleTriggers(versionId: string, raw: unknown): ScheduleTrigger[] {
  let definition = definitions.get(versionId);
  if (!definition) {
    definition = JourneyDefinition.parse(raw);
    definitions.set(versionId, definition);
  }
  return scheduleTriggersOf(definition);
}

export function startJourneyScheduler(options: JourneySchedulerOptions): JourneyScheduler {
  const { db, log } = options;
  const now = options.now ?? (() => new Date());
  const pollIntervalMs = options.pollIntervalMs ?? 10_000;
  const lookaheadMs = Math.max(options.lookaheadMs ?? 60_000, pollIntervalMs);
  const catchUpMs = options.catchUpMs ?? DEFAULT_SCHEDULE_CATCH_UP_MS;
  const batchSize = options.batchSize ?? 500;
  const retentionMs = options.retentionMs ?? 30 * 24 * 60 * 60_000;
  const scope = options.workspaceId ? { workspaceId: options.workspaceId } : {};
  let stopped = false;
  let current: Promise<unknown> = Promise.resolve();
  let wake: (() => void) | undefined;
  let timer: NodeJS.Timeout | undefined;

  const planTrigger = async (
    version: ScheduledJourneyVersion,
    trigger: ScheduleTrigger,
    at: Date,
  ): Promise<number> => {
    const watermark = version.planned.get(trigger.nodeId);
    const catchUpFrom = at.getTime() - catchUpMs;
    const after = new Date(Math.max(watermark?.getTime() ?? 0, version.publishedAt.getTime(), catchUpFrom));
    if (watermark && watermark.getTime() < catchUpFrom) {
      log.warn(
        { journeyId: version.journeyId, triggerNodeId: trigger.nodeId, from: watermark, until: after },
        'schedule occurrences in this interval were not fired: no worker ran, and they are past the catch-up bound',
      );
    }
    const until = new Date(at.getTime() + lookaheadMs);
    if (until <= after) return 0;
    const zones = trigger.config.customerLocalTime ? plannedTimeZones() : [];
    const fires = scheduleFires(trigger.config, { after, until }, zones);
    await recordScheduleFires(db, {
      workspaceId: version.workspaceId,
      journeyId: version.journeyId,
      versionId: version.versionId,
      triggerNodeId: trigger.nodeId,
      plannedThrough: until,
      fires: fires.map((fire) => ({ ...fire, zones: fire.zones ?? [] })),
    });
    return fires.length;
  };

  const plan = async (at: Date): Promise<number> => {
    let planned = 0;
    await advanceInactiveSchedulePlans(db, at, scope);
    for (const version of await listScheduledJourneyVersions(db, scope)) {
      // One bad journey must not stop the others' schedules.
      try {
        for (const trigger of scheduleTriggers(version.versionId, version.definition)) {
          planned += await planTrigger(version, trigger, at);
        }
      } catch (error) {
        log.error(
          { err: error, journeyId: version.journeyId, versionId: version.versionId },
          'planning schedule triggers failed',
        );
      }
    }
    return planned;
  };

  const fanOut = async (fireId: string): Promise<number> => {
    let entered = 0;
    while (!stopped) {
      const outcome = await fanOutScheduleFireBatch(db, {
        fireId,
        batchSize,
        audience: fireAudience,
        enter: (fire, members) => fireEntries(fire, members, now()),
      });
      if (outcome.state !== 'progress') break;
      entered += outcome.entered;
      if (outcome.done) {
        log.info({ fireId, entered }, 'schedule fire done');
        break;
      }
    }
    return entered;
  };

  const tick = async (): Promise<ScheduleTickResult> => {
    const at = now();
    const planned = await plan(at);
    // Never planned again (the watermark and catch-up bound are far past them), so they may go.
    await deleteFinishedScheduleFires(
      db,
      new Date(Math.min(at.getTime() - retentionMs, at.getTime() - catchUpMs)),
      scope,
    );
    const skipped = await skipScheduleFires(db, {
      now: at,
      catchUpFrom: new Date(at.getTime() - catchUpMs),
      ...scope,
    });
    for (const skip of skipped) log.warn(skip, 'schedule fire skipped');
    let entered = 0;
    for (const fireId of await listDueScheduleFires(db, at, scope)) {
      if (stopped) break;
      try {
        entered += await fanOut(fireId);
      } catch (error) {
        // The fire stays PENDING with its cursor: the next pass (here or in another worker) resumes it.
        log.error({ err: error, fireId }, 'schedule fire failed');
      }
    }
    return { planned, skipped, entered };
  };

  const runOnce = () => {
    const pass = current.then(tick);
    current = pass.catch(() => undefined);
    return pass;
  };

  const loop = async () => {
    while (!stopped) {
      let delay = pollIntervalMs;
      try {
        await runOnce();
        const next = await nextScheduleFireAt(db, now(), scope);
        if (next) delay = Math.min(delay, Math.max(0, next.getTime() - now().getTime()));
      } catch (error) {
        log.error({ err: error }, 'schedule pass failed');
      }
      if (stopped) break;
      await new Promise<void>((resolve) => {
        wake = resolve;
        timer = setTimeout(resolve, delay);
      });
    }
  };
  const running = loop();

  return {
    runOnce,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      wake?.();
      await running;
      await current;
    },
  };
}
