import { ingestRoute } from '~/server/ingest/ingest-route';

export const dynamic = 'force-dynamic';
export const { POST, OPTIONS, GET, PUT, PATCH, DELETE } = ingestRoute('alias');
