import { TemplateEditor } from '~/components/templates/template-editor';

export default async function TemplatePage(props: {
  params: Promise<{ workspaceId: string; templateId: string }>;
}) {
  const { workspaceId, templateId } = await props.params;
  return (
    <>
      <h1>Edit template</h1>
      <TemplateEditor workspaceId={workspaceId} templateId={templateId} />
    </>
  );
}
