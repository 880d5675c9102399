import { JourneyList } from '../../../../components/journeys/journey-list';

export default async function JourneysPage(props: { params: Promise<{ workspaceId: string }> }) {
  const { workspaceId } = await props.params;
  return <JourneyList workspaceId={workspaceId} />;
}
