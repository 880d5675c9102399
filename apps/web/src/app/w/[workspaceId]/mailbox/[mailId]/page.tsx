import { Mailbox } from '~/components/mailbox/mailbox';

export default async function CaughtMailPage(props: {
  params: Promise<{ workspaceId: string; mailId: string }>;
}) {
  const { workspaceId, mailId } = await props.params;
  return (
    <>
      <h1>Mailbox</h1>
      <Mailbox workspaceId={workspaceId} mailId={mailId} />
    </>
  );
}
