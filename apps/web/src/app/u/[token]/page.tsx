import { preferencesByToken } from '@nudgeflow/channels';
import { getDb } from '@nudgeflow/db';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Email preferences', robots: { index: false } };

/** The hosted preferences page every message links to: one checkbox per topic, and "unsubscribe from all". */
export default async function PreferencesPage({
  params,
  searchParams,
}: {
  params: Promise<{ token: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { token } = await params;
  const query = await searchParams;
  const preferences = await preferencesByToken(getDb(), token);
  if (!preferences) {
    return (
      <main style={{ maxWidth: 480, margin: '4rem auto', fontFamily: 'system-ui, sans-serif' }}>
        <h1>Link not valid</h1>
        <p>This preferences link is not valid. Use the link from a more recent message.</p>
      </main>
    );
  }
  return (
    <main style={{ maxWidth: 480, margin: '4rem auto', fontFamily: 'system-ui, sans-serif' }}>
      <h1>Your message preferences</h1>
      {query.unsubscribed ? <p role="status">You are unsubscribed from “{preferences.topicKey}”.</p> : null}
      {query.saved ? <p role="status">Your preferences are saved.</p> : null}
      <form method="post" action={`/api/unsubscribe/${token}/preferences`}>
        <fieldset disabled={preferences.unsubscribedAll} style={{ border: 0, padding: 0 }}>
          <legend>Send me:</legend>
          {preferences.topics.map((topic) => (
            <label key={topic.key} style={{ display: 'block', margin: '0.5rem 0' }}>
              <input type="checkbox" name="topic" value={topic.key} defaultChecked={topic.subscribed} />{' '}
              {topic.name}
            </label>
          ))}
        </fieldset>
        <label style={{ display: 'block', margin: '1rem 0' }}>
          <input type="checkbox" name="all" defaultChecked={preferences.unsubscribedAll} /> Unsubscribe me
          from all messages
        </label>
        <button type="submit">Save preferences</button>
      </form>
    </main>
  );
}
