import { JourneyEditor } from '../../../../../components/journey-editor/journey-editor';

export default async function JourneyEditorPage(props: {
  params: Promise<{ workspaceId: string; journeyId: string }>;
}) {
  const { workspaceId, journeyId } = await props.params;
  return <JourneyEditor workspaceId={workspaceId} journeyId={journeyId} />;
}
