import type { NextConfig } from 'next';
import { securityHeaders } from './src/server/http/security-headers';

const config: NextConfig = {
  // Workspace packages are consumed as TypeScript source.
  transpilePackages: [
    '@nudgeflow/config',
    '@nudgeflow/db',
    '@nudgeflow/ingest',
    '@nudgeflow/journey',
    '@nudgeflow/segments',
    '@nudgeflow/channels',
    '@nudgeflow/plugin-sdk',
  ],
  // Native or Node-only libraries stay outside the server bundle.
  serverExternalPackages: [
    'pg',
    '@prisma/adapter-pg',
    '@temporalio/client',
    'pino',
    'pino-pretty',
    'mjml',
    'web-push',
    'nodemailer',
  ],
  poweredByHeader: false,
  typedRoutes: false,
  async headers() {
    const mode = process.env.NODE_ENV === 'production' ? 'production' : 'development';
    return [{ source: '/:path*', headers: securityHeaders(mode) }];
  },
};

export default config;
