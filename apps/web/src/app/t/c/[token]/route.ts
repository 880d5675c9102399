import { recordClick } from '@nudgeflow/channels';
import { getDb } from '@nudgeflow/db';

export const dynamic = 'force-dynamic';

/** GET /t/c/<token>?u=<url>: records the click and redirects; the token is signed for exactly that URL. */
export async function GET(
  request: Request,
  { params }: { params: Promise<{ token: string }> },
): Promise<Response> {
  const { token } = await params;
  const url = new URL(request.url).searchParams.get('u') ?? '';
  const target = await recordClick(getDb(), token, url, {
    userAgent: request.headers.get('user-agent') ?? '',
  });
  if (!target) {
    return Response.json({ error: { field: 'u', message: 'this link is not valid' } }, { status: 400 });
  }
  return new Response(null, { status: 302, headers: { Location: target, 'Cache-Control': 'no-store' } });
}
