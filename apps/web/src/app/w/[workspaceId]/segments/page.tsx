import { Title } from '@mantine/core';
import { SegmentBuilder } from '../../../../components/segments/segment-builder';

export default async function SegmentsPage(props: { params: Promise<{ workspaceId: string }> }) {
  const { workspaceId } = await props.params;
  return (
    <>
      <Title order={1} mb="md">
        Segments
      </Title>
      <SegmentBuilder workspaceId={workspaceId} />
    </>
  );
}
