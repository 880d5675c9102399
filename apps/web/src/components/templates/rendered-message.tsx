'use client';

/**
 * A rendered message as its recipient would see it. Email and in-app HTML is shown in an iframe with an
 * empty `sandbox` (no scripts, no same-origin access, no forms): marketer and customer data end up in that
 * HTML, and it must not run inside the app.
 */
export function RenderedMessage({ channel, message }: { channel: string; message: unknown }) {
  const m = (message ?? {}) as Record<string, unknown>;
  const str = (value: unknown) => (typeof value === 'string' ? value : '');
  switch (channel) {
    case 'email':
      return (
        <div className="tpl-rendered" data-channel="email">
          <dl className="tpl-meta">
            <dt>Subject</dt>
            <dd data-testid="preview-subject">{str(m.subject)}</dd>
            <dt>From</dt>
            <dd>{str(m.from)}</dd>
            <dt>Language</dt>
            <dd>{str(m.locale)}</dd>
          </dl>
          <iframe title="Email preview" className="tpl-frame" sandbox="" srcDoc={str(m.html)} />
          <details>
            <summary>Plain-text part</summary>
            <pre className="tpl-pre">{str(m.text)}</pre>
          </details>
        </div>
      );
    case 'push': {
      const payload = (m.payload ?? {}) as Record<string, unknown>;
      const actions = Array.isArray(payload.actions)
        ? (payload.actions as { title: string; url?: string }[])
        : [];
      return (
        <div className="tpl-rendered" data-channel="push">
          <div className="tpl-push">
            {str(payload.icon) ? <img src={str(payload.icon)} alt="" width={40} height={40} /> : null}
            <div>
              <strong data-testid="preview-subject">{str(payload.title)}</strong>
              <p>{str(payload.body)}</p>
              {str(payload.image) ? <img src={str(payload.image)} alt="" className="tpl-push-image" /> : null}
              {actions.length > 0 ? (
                <div className="tpl-row">
                  {actions.map((action) => (
                    <span className="button-quiet" key={action.title}>
                      {action.title}
                    </span>
                  ))}
                </div>
              ) : null}
            </div>
          </div>
          <pre className="tpl-pre">
            {JSON.stringify(
              { url: payload.url, data: payload.data, ttlSeconds: m.ttlSeconds, urgency: m.urgency },
              null,
              2,
            )}
          </pre>
        </div>
      );
    }
    case 'in_app': {
      const content = (m.content ?? {}) as Record<string, unknown>;
      const actions = Array.isArray(content.actions)
        ? (content.actions as { title: string; url: string | null }[])
        : [];
      const html = `${str(content.title) ? `<h3>${escapeHtml(str(content.title))}</h3>` : ''}${str(content.html)}`;
      return (
        <div className="tpl-rendered" data-channel="in_app">
          <p className="muted">Layout: {str(m.layout)}</p>
          <iframe title="In-app preview" className="tpl-frame tpl-frame-small" sandbox="" srcDoc={html} />
          {actions.length > 0 ? (
            <p>
              Buttons:{' '}
              {actions.map((action) => `${action.title}${action.url ? ` → ${action.url}` : ''}`).join(' · ')}
            </p>
          ) : null}
        </div>
      );
    }
    case 'sms':
      return (
        <div className="tpl-rendered" data-channel="sms">
          <p className="tpl-sms" data-testid="preview-subject">
            {str(m.body)}
          </p>
          <p className="muted">{str(m.body).length} characters</p>
        </div>
      );
    case 'webhook':
      return (
        <div className="tpl-rendered" data-channel="webhook">
          <p>
            POST <code>{str(m.url)}</code>
          </p>
          <pre className="tpl-pre">{prettyJson(str(m.body))}</pre>
        </div>
      );
    default:
      return <pre className="tpl-pre">{JSON.stringify(message, null, 2)}</pre>;
  }
}

function prettyJson(body: string): string {
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
