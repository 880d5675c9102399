import { route } from '../../../../server/http/route';
import { createJourneyHandler, listJourneysHandler } from '../../../../server/journeys/http';

export const dynamic = 'force-dynamic';
export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = route('/api/v1/journeys', {
  GET: listJourneysHandler,
  POST: createJourneyHandler,
});
