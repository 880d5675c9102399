import {
  recordClick,
  recordOpen,
  savePreferencesByToken,
  TRACKING_PIXEL,
  unsubscribeByToken,
} from '@nudgeflow/channels';
import { env } from '@nudgeflow/config';
import { getDb } from '@nudgeflow/db';
import { authenticate } from '../http/authenticate';
import { readForm } from '../http/read-body';
import { HttpError, jsonResponse } from '../http/responses';

/**
 * The signed links inside messages (packages/channels/src/links.ts): one-click unsubscribe, the hosted
 * preferences form, the open pixel and click redirects. The token is the credential.
 */
type TokenParams = { token: string };

const invalidLink = () => new HttpError(400, { field: 'token', message: 'this link is not valid' });

/**
 * POST /api/unsubscribe/:token: RFC 8058 one-click unsubscribe; mail clients POST `List-Unsubscribe=One-Click`
 * here, without cookies or a page.
 */
export async function handleOneClickUnsubscribe(request: Request, { token }: TokenParams): Promise<Response> {
  await authenticate(request, { accept: ['signed-token'], token });
  if (!(await unsubscribeByToken(getDb(), token, 'topic', 'one-click'))) throw invalidLink();
  // A browser form post lands on the preferences page; a mail client only looks at the status.
  if ((request.headers.get('accept') ?? '').includes('text/html'))
    return Response.redirect(`${env().PUBLIC_URL}/u/${token}?unsubscribed=1`, 303);
  return jsonResponse(200, { unsubscribed: true });
}

/** GET /api/unsubscribe/:token never unsubscribes (link scanners prefetch URLs): it shows the preferences page. */
export function showPreferencesPage(_request: Request, { token }: TokenParams): Response {
  return Response.redirect(`${env().PUBLIC_URL}/u/${token}`, 303);
}

/** POST /api/unsubscribe/:token/preferences from the hosted page (/u/<token>): ticked topics, and "all". */
export async function handleSavePreferences(request: Request, { token }: TokenParams): Promise<Response> {
  await authenticate(request, { accept: ['signed-token'], token });
  const form = await readForm(request, 64 * 1024);
  const saved = await savePreferencesByToken(getDb(), token, {
    subscribedTopics: form.getAll('topic').slice(0, 100),
    unsubscribeAll: form.get('all') === 'on',
  });
  if (!saved) throw invalidLink();
  return Response.redirect(`${env().PUBLIC_URL}/u/${token}?saved=1`, 303);
}

/** GET /t/c/:token?u=<url>: records the click and redirects; the token is signed for exactly that URL. */
export async function handleClick(request: Request, { token }: TokenParams): Promise<Response> {
  await authenticate(request, { accept: ['signed-token'], token });
  const url = new URL(request.url).searchParams.get('u') ?? '';
  const target = await recordClick(getDb(), token, url, {
    userAgent: request.headers.get('user-agent') ?? '',
  });
  if (!target) throw new HttpError(400, { field: 'u', message: 'this link is not valid' });
  return new Response(null, { status: 302, headers: { Location: target, 'Cache-Control': 'no-store' } });
}

/** GET /t/o/:token: the email open pixel. Always answers the pixel; records an open for a valid token. */
export async function handleOpen(request: Request, { token }: TokenParams): Promise<Response> {
  try {
    await authenticate(request, { accept: ['signed-token'], token });
    await recordOpen(getDb(), token, { userAgent: request.headers.get('user-agent') ?? '' });
  } catch {
    // A tracking failure, or a forged token, must never show as a broken image in someone's inbox.
  }
  return new Response(new Uint8Array(TRACKING_PIXEL), {
    headers: { 'Content-Type': 'image/gif', 'Cache-Control': 'no-store, max-age=0' },
  });
}
