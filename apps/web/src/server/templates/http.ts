import { getDb } from '@nudgeflow/db';
import { authenticate } from '../http/authenticate';
import { outcomeResponse } from '../http/outcome';
import { readJson } from '../http/read-body';
import { jsonResponse } from '../http/responses';
import { exportTemplate, importTemplate, listWorkspaceTemplates } from './service';

/** Template documents are small; email MJML with inline images is the largest. */
const DOCUMENT_LIMIT = 1024 * 1024;

type TemplateParams = { templateId: string };

const workspaceOf = async (request: Request) =>
  (await authenticate(request, { accept: ['api-key'] })).workspaceId;

/** GET /api/v1/templates: the workspace's templates (archived ones left out). */
export async function listTemplatesHandler(request: Request): Promise<Response> {
  return jsonResponse(200, { templates: await listWorkspaceTemplates(getDb(), await workspaceOf(request)) });
}

/** POST /api/v1/templates: create a template from a document, or update the one with its name and channel. */
export async function importTemplateHandler(request: Request): Promise<Response> {
  const workspaceId = await workspaceOf(request);
  const document = await readJson(request, { limit: DOCUMENT_LIMIT });
  const imported = await importTemplate(getDb(), workspaceId, document);
  return outcomeResponse(imported, 'template', imported.ok && imported.value.created ? 201 : 200);
}

/** GET /api/v1/templates/:id: the template as a document. */
export async function exportTemplateHandler(
  request: Request,
  { templateId }: TemplateParams,
): Promise<Response> {
  const workspaceId = await workspaceOf(request);
  return outcomeResponse(await exportTemplate(getDb(), workspaceId, templateId), 'template');
}

/** PUT /api/v1/templates/:id: replace the template with a document (its channel stays). */
export async function replaceTemplateHandler(
  request: Request,
  { templateId }: TemplateParams,
): Promise<Response> {
  const workspaceId = await workspaceOf(request);
  const document = await readJson(request, { limit: DOCUMENT_LIMIT });
  return outcomeResponse(await importTemplate(getDb(), workspaceId, document, { templateId }), 'template');
}
