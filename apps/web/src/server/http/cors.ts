/**
 * The /v1 API is called from shop pages on other origins with a public write key and no cookies, so any
 * origin may call it; credentials are never allowed. Segment's analytics.js adds X-Retry-Count on retries.
 */
export const PUBLIC_API_CORS_HEADERS: Record<string, string> = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET, POST, DELETE, OPTIONS',
  'Access-Control-Allow-Headers': 'Authorization, Content-Type, Content-Encoding, X-Api-Key, X-Retry-Count',
  'Access-Control-Max-Age': '86400',
};

export function preflightResponse(): Response {
  return new Response(null, { status: 204, headers: PUBLIC_API_CORS_HEADERS });
}
