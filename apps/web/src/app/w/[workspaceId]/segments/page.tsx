import { SegmentBuilder } from '~/components/segments/segment-builder';
import { PageHeader } from '~/components/shell/page-header';

export default async function SegmentsPage(props: { params: Promise<{ workspaceId: string }> }) {
  const { workspaceId } = await props.params;
  return (
    <>
      <PageHeader title="Segments" />
      <SegmentBuilder workspaceId={workspaceId} />
    </>
  );
}
