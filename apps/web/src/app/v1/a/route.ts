import { ingestRoute } from '~/server/ingest/ingest-route';

// Segment analytics.js's short name for /v1/alias.
export const dynamic = 'force-dynamic';
export const { POST, OPTIONS, GET, PUT, PATCH, DELETE } = ingestRoute('alias');
