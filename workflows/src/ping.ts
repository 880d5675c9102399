import { proxyActivities } from '@temporalio/workflow';
import type { JourneyActivities } from './activities';

const { echo } = proxyActivities<Pick<JourneyActivities, 'echo'>>({ startToCloseTimeout: '10 seconds' });

/**
 * The smallest round trip through the worker: a workflow that calls one activity. Health checks and the
 * foundation's smoke test start it to prove the worker polls its task queue and runs activities.
 */
export async function ping(message: string): Promise<string> {
  return `pong: ${await echo(message)}`;
}
