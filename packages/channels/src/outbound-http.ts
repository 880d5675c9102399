import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import type { CheckedTarget } from './outbound-guard';

export interface OutboundResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/**
 * One HTTP request to a target that passed `checkOutboundUrl`. The socket connects to the checked address
 * (the lookup is pinned), TLS still verifies the certificate for the host name, and the response body is
 * capped so a hostile endpoint cannot exhaust memory.
 */
export function outboundRequest(
  target: CheckedTarget,
  request: {
    method: 'POST' | 'GET';
    headers: Record<string, string>;
    body?: string;
    timeoutMs: number;
    ca?: string | Buffer;
    maxResponseBytes?: number;
  },
): Promise<OutboundResponse> {
  const pinned: LookupFunction = (_hostname, options, callback) => {
    if ((options as { all?: boolean }).all) {
      (callback as unknown as (error: null, addresses: { address: string; family: number }[]) => void)(null, [
        { address: target.address, family: target.family },
      ]);
    } else {
      callback(null, target.address, target.family);
    }
  };
  const maxBytes = request.maxResponseBytes ?? 64 * 1024;
  const client = target.url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const outgoing = client.request(
      target.url,
      {
        method: request.method,
        headers: request.headers,
        lookup: pinned,
        timeout: request.timeoutMs,
        ...(request.ca ? { ca: request.ca } : {}),
      },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size <= maxBytes) chunks.push(chunk);
        });
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        response.on('error', reject);
      },
    );
    outgoing.on('timeout', () =>
      outgoing.destroy(new TimeoutError(`no response within ${request.timeoutMs} ms`)),
    );
    outgoing.on('error', reject);
    outgoing.end(request.body);
  });
}

export class TimeoutError extends Error {
  override name = 'TimeoutError';
}
