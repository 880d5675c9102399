import { ingestRoute } from '~/server/ingest/ingest-route';

// Segment analytics.js's short name for /v1/alias.
export const dynamic = 'force-dynamic';
export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = ingestRoute('alias');
