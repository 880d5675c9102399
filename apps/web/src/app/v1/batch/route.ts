import { ingestRoute } from '~/server/ingest/ingest-route';

export const dynamic = 'force-dynamic';
export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = ingestRoute('batch');
