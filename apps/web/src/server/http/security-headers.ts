/**
 * Headers on every page and route of the app. The CSP keeps `'unsafe-inline'` for scripts because Next.js
 * App Router pages carry inline bootstrap scripts and per-request nonces would make every page dynamic;
 * what it does stop is script from other origins, plugins, `<base>` hijacking and framing by other sites
 * (frame-ancestors: clickjacking of the app's buttons). Caught mail is shown in a sandboxed `srcdoc` frame,
 * which inherits this policy, so email HTML cannot run script there either way.
 */
export function securityHeaders(
  mode: 'development' | 'production' | 'test',
): { key: string; value: string }[] {
  const scriptSrc = ["'self'", "'unsafe-inline'", ...(mode === 'development' ? ["'unsafe-eval'"] : [])];
  const csp = [
    "default-src 'self'",
    `script-src ${scriptSrc.join(' ')}`,
    "style-src 'self' 'unsafe-inline'",
    // Product images and email previews load from the shop's own hosts.
    "img-src 'self' data: blob: https: http:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "worker-src 'self' blob:",
    "frame-src 'self'",
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "object-src 'none'",
  ].join('; ');
  return [
    { key: 'Content-Security-Policy', value: csp },
    { key: 'X-Frame-Options', value: 'DENY' },
    { key: 'X-Content-Type-Options', value: 'nosniff' },
    // Unsubscribe and preference pages carry tokens in their paths: other sites get the origin at most.
    { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
    { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=(), payment=()' },
    { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
  ];
}
