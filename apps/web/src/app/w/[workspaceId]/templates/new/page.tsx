import { TemplateEditor } from '~/components/templates/template-editor';

export default async function NewTemplatePage(props: {
  params: Promise<{ workspaceId: string }>;
  searchParams: Promise<{ channel?: string }>;
}) {
  const [{ workspaceId }, { channel }] = await Promise.all([props.params, props.searchParams]);
  return (
    <>
      <h1>New template</h1>
      <TemplateEditor workspaceId={workspaceId} {...(channel ? { channel } : {})} />
    </>
  );
}
