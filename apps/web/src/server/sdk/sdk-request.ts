import { authenticate } from '../http/authenticate';

/** Reports and subscriptions are small; anything bigger is not from the SDK. */
export const MAX_SDK_BODY_BYTES = 16 * 1024;

/**
 * The routes the browser SDK and its service worker call (/v1/push/*, /v1/in-app/*) are public and
 * cookie-less: the visitor's page knows only the workspace's write key, which arrives in the body or query.
 */
export async function sdkWorkspace(request: Request, writeKey: string): Promise<string> {
  return (await authenticate(request, { accept: ['write-key'], bodyWriteKey: writeKey })).workspaceId;
}
