import { isTemplateChannel } from '~/components/templates/channel-meta';
import { TemplateList } from '~/components/templates/template-list';

export default async function TemplatesPage(props: {
  params: Promise<{ workspaceId: string }>;
  searchParams: Promise<{ channel?: string }>;
}) {
  const [{ workspaceId }, { channel }] = await Promise.all([props.params, props.searchParams]);
  return (
    <>
      <h1>Templates</h1>
      <TemplateList workspaceId={workspaceId} channel={isTemplateChannel(channel) ? channel : null} />
    </>
  );
}
