import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A tiny HTTP peer for tests: records every request and answers with what `respond` returns. Used as a
 * Twilio-compatible SMS API and as a webhook receiver.
 */
export interface ReceivedRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface HttpReceiver {
  url: string;
  requests: ReceivedRequest[];
  close(): Promise<void>;
}

export async function startHttpReceiver(
  respond: (request: ReceivedRequest) => { status: number; body?: unknown; headers?: Record<string, string> },
): Promise<HttpReceiver> {
  const requests: ReceivedRequest[] = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const received = {
        method: request.method ?? '',
        url: request.url ?? '',
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(received);
      const answer = respond(received);
      const body =
        answer.body === undefined
          ? ''
          : typeof answer.body === 'string'
            ? answer.body
            : JSON.stringify(answer.body);
      response.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
      response.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Answers like Twilio's Messages API: basic auth with the account SID and token, form-encoded To/From/Body,
 * 201 with a message resource; numbers in `invalidNumbers` get error 21211.
 */
export function twilioResponder(accountSid: string, authToken: string, invalidNumbers = new Set<string>()) {
  let counter = 0;
  return (request: ReceivedRequest) => {
    if (request.method !== 'POST' || request.url !== `/2010-04-01/Accounts/${accountSid}/Messages.json`) {
      return { status: 404, body: { code: 20404, message: 'The requested resource was not found' } };
    }
    const expected = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`;
    if (request.headers.authorization !== expected)
      return { status: 401, body: { code: 20003, message: 'Authenticate' } };
    if (request.headers['content-type'] !== 'application/x-www-form-urlencoded') {
      return { status: 400, body: { code: 20001, message: 'form encoding required' } };
    }
    const form = new URLSearchParams(request.body);
    const to = form.get('To') ?? '';
    if (!to || !form.get('From') || !form.get('Body'))
      return { status: 400, body: { code: 21604, message: 'missing field' } };
    if (invalidNumbers.has(to))
      return {
        status: 400,
        body: { code: 21211, message: `The 'To' number ${to} is not a valid phone number.` },
      };
    counter += 1;
    return {
      status: 201,
      body: {
        sid: `SM${String(counter).padStart(32, '0')}`,
        status: 'queued',
        to,
        from: form.get('From'),
        body: form.get('Body'),
      },
    };
  };
}
