import { unsubscribeByToken } from '@nudgeflow/channels';
import { env } from '@nudgeflow/config';
import { getDb } from '@nudgeflow/db';

export const dynamic = 'force-dynamic';

/**
 * RFC 8058 one-click unsubscribe: mail clients POST `List-Unsubscribe=One-Click` here, without cookies or
 * a page. GET never unsubscribes (link scanners prefetch URLs); it shows the preferences page instead.
 */
export async function POST(
  request: Request,
  { params }: { params: Promise<{ token: string }> },
): Promise<Response> {
  const { token } = await params;
  const done = await unsubscribeByToken(getDb(), token, 'topic', 'one-click');
  if (!done)
    return Response.json(
      { error: { field: 'token', message: 'this unsubscribe link is not valid' } },
      { status: 400 },
    );
  // A browser form post lands on the preferences page; a mail client only looks at the status.
  if ((request.headers.get('accept') ?? '').includes('text/html')) {
    return Response.redirect(`${env().PUBLIC_URL}/u/${token}?unsubscribed=1`, 303);
  }
  return Response.json({ unsubscribed: true });
}

export async function GET(
  _request: Request,
  { params }: { params: Promise<{ token: string }> },
): Promise<Response> {
  const { token } = await params;
  return Response.redirect(`${env().PUBLIC_URL}/u/${token}`, 303);
}
