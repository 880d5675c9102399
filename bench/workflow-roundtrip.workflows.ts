// The smallest useful workflow: one activity call, so a round trip exercises workflow and activity tasks.
import { proxyActivities } from '@temporalio/workflow';
import type * as activities from './workflow-roundtrip.activities';

const { echo } = proxyActivities<typeof activities>({ startToCloseTimeout: '10 seconds' });

export async function roundTrip(value: string): Promise<string> {
  return echo(value);
}
