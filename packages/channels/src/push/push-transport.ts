import http2 from 'node:http2';
import https from 'node:https';
import { encryptPushPayload } from './encrypt';
import { VapidTokenCache, type VapidKeys } from './vapid';

export interface PushRequest {
  endpoint: string;
  p256dh: string;
  auth: string;
  payload: Buffer;
  vapid: VapidKeys;
  ttlSeconds: number;
  urgency: 'very-low' | 'low' | 'normal' | 'high';
  /** Push-service Topic header: a later message with the same topic replaces an undelivered one. */
  topic?: string;
}

export interface PushResponse {
  status: number;
  location: string | null;
  body: string;
}

export interface PushTransportOptions {
  /** Extra CA certificates (tests run a push service with a self-signed certificate). */
  ca?: string | Buffer;
  /** Sockets per origin when the push service only speaks HTTP/1.1. */
  maxSockets?: number;
  /** Per-request timeout. */
  timeoutMs?: number;
  /** Set false to force HTTP/1.1 (for comparisons). */
  http2?: boolean;
}

/**
 * Sends encrypted Web Push messages (RFC 8030/8291/8292) efficiently:
 * - the VAPID JWT is signed once per push service and reused (VapidTokenCache);
 * - one HTTP/2 session per push-service origin multiplexes every request (FCM, Mozilla autopush and
 *   Apple's service speak HTTP/2); an origin that does not negotiate h2 falls back to a keep-alive
 *   HTTPS agent with many sockets.
 * - payload encryption (aes128gcm, a fresh ECDH key and salt per message) runs straight on node:crypto;
 * - request timeouts are swept by one timer rather than one timer per request.
 */
export class PushTransport {
  private readonly vapid = new VapidTokenCache();
  private readonly sessions = new Map<string, http2.ClientHttp2Session>();
  private readonly http1Origins = new Set<string>();
  private readonly agent: https.Agent;
  private readonly timeoutMs: number;
  private readonly inFlight = new Map<http2.ClientHttp2Stream, number>();
  private sweeper: NodeJS.Timeout | undefined;

  constructor(private readonly options: PushTransportOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? 15_000;
    this.agent = new https.Agent({
      keepAlive: true,
      maxSockets: options.maxSockets ?? 64,
      ...(options.ca ? { ca: options.ca } : {}),
    });
  }

  async send(request: PushRequest): Promise<PushResponse> {
    const { origin, path } = splitEndpoint(request.endpoint);
    const body = encryptPushPayload(request.p256dh, request.auth, request.payload);
    const headers: Record<string, string> = {
      authorization: this.vapid.authorization(request.vapid, origin),
      'content-encoding': 'aes128gcm',
      'content-type': 'application/octet-stream',
      'content-length': String(body.length),
      ttl: String(request.ttlSeconds),
      urgency: request.urgency,
    };
    if (request.topic) headers.topic = request.topic;
    if (this.options.http2 !== false && !this.http1Origins.has(origin)) {
      try {
        return await this.sendHttp2(origin, path, headers, body);
      } catch (error) {
        if (!(error instanceof Http2Unsupported)) throw error;
        this.http1Origins.add(origin);
      }
    }
    return this.sendHttp1(new URL(request.endpoint), headers, body);
  }

  close(): void {
    if (this.sweeper) clearInterval(this.sweeper);
    this.sweeper = undefined;
    for (const session of this.sessions.values()) session.close();
    this.sessions.clear();
    this.agent.destroy();
  }

  private session(origin: string): Promise<http2.ClientHttp2Session> {
    const existing = this.sessions.get(origin);
    if (existing && !existing.closed && !existing.destroyed) return Promise.resolve(existing);
    return new Promise((resolve, reject) => {
      const session = http2.connect(origin, this.options.ca ? { ca: this.options.ca } : {});
      const onError = (error: Error) => {
        this.sessions.delete(origin);
        reject(isProtocolMismatch(error) ? new Http2Unsupported() : error);
      };
      session.once('error', onError);
      session.once('connect', () => {
        session.off('error', onError);
        // A later error just drops the session; the next request reconnects.
        session.on('error', () => this.sessions.delete(origin));
        session.on('close', () => {
          if (this.sessions.get(origin) === session) this.sessions.delete(origin);
        });
        session.unref();
        resolve(session);
      });
      this.sessions.set(origin, session);
    });
  }

  private async sendHttp2(
    origin: string,
    path: string,
    headers: Record<string, string>,
    body: Buffer,
  ): Promise<PushResponse> {
    const session = await this.session(origin);
    return new Promise((resolve, reject) => {
      const stream = session.request({ ':method': 'POST', ':path': path, ...headers });
      this.track(stream);
      let status = 0;
      let location: string | null = null;
      const chunks: Buffer[] = [];
      stream.on('response', (responseHeaders) => {
        status = Number(responseHeaders[':status']);
        const value = responseHeaders.location;
        location = typeof value === 'string' ? value : null;
      });
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => resolve({ status, location, body: Buffer.concat(chunks).toString('utf8') }));
      stream.on('error', reject);
      stream.on('close', () => {
        this.inFlight.delete(stream);
        if (status === 0) reject(new Error('push request closed without a response'));
      });
      stream.end(body);
    });
  }

  private sendHttp1(url: URL, headers: Record<string, string>, body: Buffer): Promise<PushResponse> {
    return new Promise((resolve, reject) => {
      const request = https.request(url, {
        method: 'POST',
        headers,
        agent: this.agent,
        timeout: this.timeoutMs,
      });
      request.on('timeout', () => request.destroy(new Error('push request timed out')));
      request.on('error', reject);
      request.on('response', (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            location: response.headers.location ?? null,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        response.on('error', reject);
      });
      request.end(body);
    });
  }

  /** One sweeping timer cancels streams past their deadline (a timer per stream costs more than the request). */
  private track(stream: http2.ClientHttp2Stream): void {
    this.inFlight.set(stream, Date.now() + this.timeoutMs);
    if (this.sweeper) return;
    this.sweeper = setInterval(() => {
      const now = Date.now();
      for (const [pending, deadline] of this.inFlight) {
        if (deadline <= now) {
          this.inFlight.delete(pending);
          pending.close(http2.constants.NGHTTP2_CANCEL);
        }
      }
    }, 1000);
    this.sweeper.unref();
  }
}

/** "https://push.example/a/b?c" → origin and path, without a URL object per message. */
export function splitEndpoint(endpoint: string): { origin: string; path: string } {
  if (!endpoint.startsWith('https://')) throw new Error('push endpoints must be https');
  const slash = endpoint.indexOf('/', 8);
  if (slash === -1) return { origin: endpoint, path: '/' };
  return { origin: endpoint.slice(0, slash), path: endpoint.slice(slash) };
}

class Http2Unsupported extends Error {}

function isProtocolMismatch(error: Error & { code?: string }): boolean {
  return (
    error.code === 'ERR_HTTP2_ERROR' ||
    error.code === 'ERR_SSL_NO_APPLICATION_PROTOCOL' ||
    /ALPN|application protocol|h2/i.test(error.message)
  );
}
