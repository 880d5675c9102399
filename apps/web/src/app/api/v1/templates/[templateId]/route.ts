import { route } from '../../../../../server/http/route';
import { exportTemplateHandler, replaceTemplateHandler } from '../../../../../server/templates/http';

export const dynamic = 'force-dynamic';
export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = route<{ templateId: string }>(
  '/api/v1/templates/:templateId',
  {
    GET: exportTemplateHandler,
    PUT: replaceTemplateHandler,
  },
);
