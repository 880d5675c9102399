import type { DemoSeedStep } from './seed';

/**
 * Demo content other areas add to the first-start seed (demo journeys, segments, templates). Add your step
 * here with one import and one array entry; it runs inside the seed's transaction after the shop, its
 * shoppers and their events exist, and only on the start that creates the demo workspace.
 */
export const defaultDemoSeedSteps: readonly DemoSeedStep[] = [];
