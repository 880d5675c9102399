import { PageHeader } from '../../../../../components/shell/page-header';
import { TemplateEditor } from '../../../../../components/templates/template-editor';

export default async function TemplatePage(props: {
  params: Promise<{ workspaceId: string; templateId: string }>;
}) {
  const { workspaceId, templateId } = await props.params;
  return (
    <>
      <PageHeader title="Edit template" />
      <TemplateEditor workspaceId={workspaceId} templateId={templateId} />
    </>
  );
}
