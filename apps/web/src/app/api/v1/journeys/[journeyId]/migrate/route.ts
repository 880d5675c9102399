import { route } from '../../../../../../server/http/route';
import { migrateJourneyHandler } from '../../../../../../server/journeys/http';

export const dynamic = 'force-dynamic';
export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = route<{ journeyId: string }>(
  '/api/v1/journeys/:journeyId/migrate',
  {
    POST: migrateJourneyHandler,
  },
);
