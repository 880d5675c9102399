/**
 * @nudgeflow/sdk-browser: the browser SDK (ESM entry). The script-tag build (`global.ts`) wraps the same
 * object as `window.nudgeflow`; the service worker is built separately from `sw.ts`.
 */
import { Nudgeflow } from './nudgeflow';

export { Nudgeflow } from './nudgeflow';
export type { IdentifyOptions, Properties } from './analytics';
export type { PushSubscribeResult } from './push';
export type {
  InAppMessageView,
  InAppContent,
  LoadOptions,
  InAppOptions,
  PushOptions,
  SegmentEvent,
} from './types';
export type { PushPayload } from './push-payload';

export const nudgeflow = new Nudgeflow();
export default nudgeflow;
