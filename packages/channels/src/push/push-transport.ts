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
  private readonly origins = new Map<string, OriginSession>();
  private readonly http1Origins = new Set<string>();
  private readonly agent: https.Agent;
  private readonly timeoutMs: number;
  private readonly inFlight = new Map<http2.ClientHttp2Stream, number>();
  private readonly timedOut = new WeakSet<http2.ClientHttp2Stream>();
  private sweeper: NodeJS.Timeout | undefined;

  constructor(private readonly options: PushTransportOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? 15_000;
    this.agent = new https.Agent({
      keepAlive: true,
      maxSockets: options.maxSockets ?? 64,
      ...(options.ca ? { ca: options.ca } : {}),
    });
  }

  /**
   * Resolves with the push service's answer (any status). Rejects with `PushTransportError` when there
   * is none: timeout, reset stream, lost connection; all of them are worth retrying later.
   */
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
    for (const state of this.origins.values()) state.session?.close();
    this.origins.clear();
    this.agent.destroy();
  }

  private originState(origin: string): OriginSession {
    let state = this.origins.get(origin);
    if (!state) {
      state = { session: undefined, connecting: undefined, window: new SendWindow() };
      this.origins.set(origin, state);
    }
    return state;
  }

  private session(origin: string): Promise<http2.ClientHttp2Session> {
    const state = this.originState(origin);
    const existing = state.session;
    if (existing && !existing.closed && !existing.destroyed) return Promise.resolve(existing);
    if (state.connecting) return state.connecting;
    state.connecting = new Promise<http2.ClientHttp2Session>((resolve, reject) => {
      const session = http2.connect(origin, this.options.ca ? { ca: this.options.ca } : {});
      const forget = () => {
        if (state.session === session) state.session = undefined;
      };
      const onError = (error: Error) => {
        state.connecting = undefined;
        reject(isProtocolMismatch(error) ? new Http2Unsupported() : error);
      };
      session.once('error', onError);
      session.once('connect', () => {
        session.off('error', onError);
        state.connecting = undefined;
        state.session = session;
        // A later error drops the session; its streams fail on their own and the next request reconnects.
        session.on('error', forget);
        // GOAWAY: the service takes no new streams on this connection (restart, connection age limit);
        // let the streams it still answers finish, then let the connection go.
        session.on('goaway', () => {
          forget();
          if (!session.closed) session.close();
        });
        session.on('close', forget);
        session.unref();
        resolve(session);
      });
    });
    return state.connecting;
  }

  private async sendHttp2(
    origin: string,
    path: string,
    headers: Record<string, string>,
    body: Buffer,
  ): Promise<PushResponse> {
    const window = this.originState(origin).window;
    await window.acquire(body.length);
    try {
      try {
        return await this.http2Exchange(await this.session(origin), path, headers, body, window);
      } catch (error) {
        // RFC 9113 §8.7: a stream refused or beyond a GOAWAY's last stream id was not processed, so
        // sending it again (on a fresh connection) cannot deliver twice.
        if (!(error instanceof PushTransportError && error.unprocessed)) throw error;
        return await this.http2Exchange(await this.session(origin), path, headers, body, window);
      }
    } finally {
      window.release(body.length);
    }
  }

  private http2Exchange(
    session: http2.ClientHttp2Session,
    path: string,
    headers: Record<string, string>,
    body: Buffer,
    window: SendWindow,
  ): Promise<PushResponse> {
    return new Promise((resolve, reject) => {
      let stream: http2.ClientHttp2Stream;
      try {
        stream = session.request({ ':method': 'POST', ':path': path, ...headers });
      } catch (error) {
        // The session went away between the lookup and this request (ERR_HTTP2_GOAWAY_SESSION …).
        reject(new PushTransportError((error as Error).message, true));
        return;
      }
      this.track(stream);
      let status = 0;
      let location: string | null = null;
      let failure: Error | undefined;
      const chunks: Buffer[] = [];
      stream.on('response', (responseHeaders) => {
        status = Number(responseHeaders[':status']);
        const value = responseHeaders.location;
        location = typeof value === 'string' ? value : null;
      });
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', (error: Error) => {
        failure = error;
      });
      // 'close' is the one event every stream gets; a stream reset or timed out also emits 'end',
      // without a response, which must not pass for one.
      stream.on('close', () => {
        this.inFlight.delete(stream);
        window.learn(session);
        if (status !== 0 && stream.rstCode === http2.constants.NGHTTP2_NO_ERROR) {
          resolve({ status, location, body: Buffer.concat(chunks).toString('utf8') });
          return;
        }
        const code = stream.rstCode ?? 0;
        const unprocessed = code === http2.constants.NGHTTP2_REFUSED_STREAM && status === 0;
        const reason = this.timedOut.has(stream)
          ? `push request timed out after ${this.timeoutMs} ms`
          : (failure?.message ?? `push stream reset (${rstCodeName(code)}) without a response`);
        reject(new PushTransportError(reason, unprocessed));
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
      request.on('timeout', () =>
        request.destroy(new PushTransportError(`push request timed out after ${this.timeoutMs} ms`)),
      );
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
          this.timedOut.add(pending);
          pending.close(http2.constants.NGHTTP2_CANCEL);
        }
      }
    }, 1000);
    this.sweeper.unref();
  }
}

/** A failed exchange with no answer from the push service. `unprocessed`: safe to send again at once. */
export class PushTransportError extends Error {
  override name = 'PushTransportError';
  constructor(
    message: string,
    readonly unprocessed = false,
  ) {
    super(message);
  }
}

interface OriginSession {
  session: http2.ClientHttp2Session | undefined;
  connecting: Promise<http2.ClientHttp2Session> | undefined;
  window: SendWindow;
}

/**
 * Keeps the request bodies in flight on one HTTP/2 connection within the push service's connection
 * flow-control window. Past it, Node's HTTP/2 client parks the stream whose body straddles the window
 * edge and resumes it only much later (measured: seconds on an idle machine, past the 15 s timeout under
 * load, while later streams go through), which the benchmark saw as failed sends. Requests beyond the
 * window wait here, in order, instead. The window starts at the RFC 9113 default (65,535 bytes) and
 * grows to whatever the service grants (FCM and autopush grant far more).
 */
class SendWindow {
  private bytes = 0;
  private budget = 65_535;
  private readonly waiting: { size: number; admit: () => void }[] = [];

  acquire(size: number): Promise<void> {
    if (this.waiting.length === 0 && this.fits(size)) {
      this.bytes += size;
      return Promise.resolve();
    }
    return new Promise((admit) => this.waiting.push({ size, admit }));
  }

  release(size: number): void {
    this.bytes -= size;
    for (let next = this.waiting[0]; next && this.fits(next.size); next = this.waiting[0]) {
      this.waiting.shift();
      this.bytes += next.size;
      next.admit();
    }
  }

  /** The window left now is a lower bound of the window the service grants (it never shrinks). */
  learn(session: http2.ClientHttp2Session): void {
    if (session.destroyed) return;
    const left = session.state.remoteWindowSize;
    if (left !== undefined && left > this.budget) this.budget = left;
  }

  /** One body always goes, even when larger than the window (flow control then merely slows it). */
  private fits(size: number): boolean {
    return this.bytes === 0 || this.bytes + size <= this.budget;
  }
}

function rstCodeName(code: number): string {
  const name = Object.entries(http2.constants).find(
    ([key, value]) => key.startsWith('NGHTTP2_') && value === code && !key.startsWith('NGHTTP2_SESSION'),
  )?.[0];
  return name ? name.replace('NGHTTP2_', '') : `code ${code}`;
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
