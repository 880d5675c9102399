import { env } from '@nudgeflow/config';
import { guardApi } from '../http/guard';
import { errorResponse, jsonResponse, pathIdError } from '../http/responses';
import { workspaceIdForWriteKey } from './write-keys';

/**
 * The settings document Segment's analytics.js fetches from `<cdnURL>/v1/projects/<writeKey>/settings`
 * before it sends anything. A shop switches from Segment by setting `cdnURL` to Nudgeflow's URL: this
 * document then points the library's Segment.io destination at our /v1 API (`apiHost`, `protocol`), turns
 * its remote metrics off (they would go to Segment) and lists no other destinations, so the library loads
 * no third-party code.
 */
export function segmentSettingsDocument(writeKey: string, publicUrl: string) {
  const url = new URL(publicUrl);
  const apiHost = `${url.host}${url.pathname.replace(/\/$/, '')}/v1`;
  return {
    integrations: {
      'Segment.io': {
        apiKey: writeKey,
        apiHost,
        protocol: url.protocol.replace(/:$/, ''),
        unbundledIntegrations: [],
        addBundledMetadata: true,
        maybeBundledConfigIds: {},
        versionSettings: { version: '4.4.7', componentTypes: ['browser'] },
      },
    },
    plan: {
      track: { __default: { enabled: true, integrations: {} } },
      identify: { __default: { enabled: true } },
      group: { __default: { enabled: true } },
    },
    edgeFunction: {},
    analyticsNextEnabled: true,
    middlewareSettings: {},
    enabledMiddleware: {},
    metrics: { sampleRate: 0 },
    legacyVideoPluginsEnabled: false,
    remotePlugins: [],
  };
}

/** GET /v1/projects/<writeKey>/settings: public (the write key ships in every shop page), cacheable briefly. */
export function handleSegmentSettings(writeKey: string): Promise<Response> {
  return guardApi('/v1/projects/:writeKey/settings', async () => {
    const invalid = pathIdError(writeKey, 'writeKey');
    if (invalid) return errorResponse(400, invalid);
    if (!(await workspaceIdForWriteKey(writeKey)))
      return errorResponse(404, { field: 'writeKey', message: 'is not the write key of any workspace' });
    return jsonResponse(200, segmentSettingsDocument(writeKey, env().PUBLIC_URL), {
      'Cache-Control': 'public, max-age=60',
    });
  });
}
