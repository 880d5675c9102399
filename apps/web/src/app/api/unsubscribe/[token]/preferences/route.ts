import { savePreferencesByToken } from '@nudgeflow/channels';
import { env } from '@nudgeflow/config';
import { getDb } from '@nudgeflow/db';

export const dynamic = 'force-dynamic';

/** POST from the hosted preferences page (/u/<token>): ticked topics, and "unsubscribe from everything". */
export async function POST(
  request: Request,
  { params }: { params: Promise<{ token: string }> },
): Promise<Response> {
  const { token } = await params;
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    return Response.json({ error: { field: 'body', message: 'expected a form' } }, { status: 400 });
  }
  const saved = await savePreferencesByToken(getDb(), token, {
    subscribedTopics: form.getAll('topic').map(String).slice(0, 100),
    unsubscribeAll: form.get('all') === 'on',
  });
  if (!saved)
    return Response.json({ error: { field: 'token', message: 'this link is not valid' } }, { status: 400 });
  return Response.redirect(`${env().PUBLIC_URL}/u/${token}?saved=1`, 303);
}
