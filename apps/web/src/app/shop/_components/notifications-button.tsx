'use client';

import { useEffect, useState } from 'react';
import { loadedSdk } from './sdk-calls';

type State = 'unknown' | 'unsupported' | 'default' | 'granted' | 'denied' | 'working' | 'failed';

/** "Enable notifications": asks for permission (needs this click), registers the worker, subscribes. */
export function NotificationsButton() {
  const [state, setState] = useState<State>('unknown');
  const [message, setMessage] = useState<string | null>(null);

  useEffect(() => {
    loadedSdk()
      .then((sdk) => setState(sdk.push.isSupported() ? (sdk.push.permission() as State) : 'unsupported'))
      .catch(() => setState('unsupported'));
  }, []);

  async function enable() {
    setState('working');
    const sdk = await loadedSdk();
    const result = await sdk.push.subscribe();
    if (result.ok) {
      setState('granted');
      setMessage('Notifications are on.');
    } else {
      setState(result.reason === 'denied' ? 'denied' : 'failed');
      setMessage(result.message ?? 'Could not enable notifications.');
    }
  }

  if (state === 'unsupported') return null;
  return (
    <div className="shop-notify">
      <button
        type="button"
        className="shop-button secondary"
        onClick={() => void enable()}
        disabled={state === 'working' || state === 'unknown' || state === 'denied'}
        data-testid="enable-notifications"
      >
        {state === 'granted'
          ? 'Notifications on'
          : state === 'denied'
            ? 'Notifications blocked'
            : 'Enable notifications'}
      </button>
      {message ? <span className="shop-note">{message}</span> : null}
    </div>
  );
}
