import { route } from '../../../../server/http/route';
import { importTemplateHandler, listTemplatesHandler } from '../../../../server/templates/http';

export const dynamic = 'force-dynamic';
export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = route('/api/v1/templates', {
  GET: listTemplatesHandler,
  POST: importTemplateHandler,
});
