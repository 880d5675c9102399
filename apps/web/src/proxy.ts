import { NextResponse, type NextRequest } from 'next/server';

/**
 * Next.js decodes dynamic route params before a handler runs and answers a malformed percent-encoding
 * (`/v1/customers/%E0%A4%A`) with a bare 500. The public API promises a 400 naming the problem instead.
 */
export function proxy(request: NextRequest) {
  try {
    decodeURIComponent(request.nextUrl.pathname);
  } catch {
    return NextResponse.json(
      { error: { field: 'path', message: 'has a malformed percent-encoding' } },
      { status: 400, headers: { 'Access-Control-Allow-Origin': '*' } },
    );
  }
  return NextResponse.next();
}

export const config = { matcher: '/v1/:path*' };
