import { recordOpen, TRACKING_PIXEL } from '@nudgeflow/channels';
import { getDb } from '@nudgeflow/db';

export const dynamic = 'force-dynamic';

/** GET /t/o/<token>: the email open pixel. Always answers the pixel; records an open for a valid token. */
export async function GET(
  request: Request,
  { params }: { params: Promise<{ token: string }> },
): Promise<Response> {
  const { token } = await params;
  try {
    await recordOpen(getDb(), token, { userAgent: request.headers.get('user-agent') ?? '' });
  } catch {
    // A tracking failure must never show as a broken image in someone's inbox.
  }
  return new Response(new Uint8Array(TRACKING_PIXEL), {
    headers: { 'Content-Type': 'image/gif', 'Cache-Control': 'no-store, max-age=0' },
  });
}
