import type { Db } from '../client';

/**
 * Live counts for the canvas, read every few seconds while a journey runs. Every query is bounded by the
 * journey's index prefix (JourneyStep (journeyId, nodeId, kind), JourneyRun (journeyId, status),
 * MessageSend (journeyId, nodeId)); none scans another journey's rows.
 */

export interface NodeCounts {
  /** Steps logged at the node by kind (entered, waited, branched, message_requested …). */
  steps: Record<string, number>;
  /** Runs that left the node, by the output they took (`event:ordered`, `timeout`, `branch:vip` …). */
  outputs: Record<string, number>;
  waitingNow: number;
  messages: { sent: number; delivered: number; opened: number; clicked: number; converted: number } | null;
}

export async function journeyNodeCounts(
  db: Db,
  workspaceId: string,
  journeyId: string,
): Promise<Record<string, NodeCounts>> {
  const owned = await db.journey.count({ where: { id: journeyId, workspaceId } });
  if (owned === 0) return {};
  const [steps, waiting, sends] = await Promise.all([
    db.$queryRaw<{ nodeId: string; kind: string; output: string | null; count: bigint }[]>`
      SELECT "nodeId", "kind", "detail"->>'output' AS "output", count(*) AS "count"
      FROM "JourneyStep" WHERE "journeyId" = ${journeyId}::uuid
      GROUP BY 1, 2, 3`,
    db.journeyRun.groupBy({
      by: ['currentNodeId'],
      where: { journeyId, status: 'RUNNING', currentNodeId: { not: null } },
      _count: { _all: true },
    }),
    db.$queryRaw<
      {
        nodeId: string;
        sent: bigint;
        delivered: bigint;
        opened: bigint;
        clicked: bigint;
        converted: bigint;
      }[]
    >`
      SELECT "nodeId",
        count(*) FILTER (WHERE "sentAt" IS NOT NULL) AS "sent",
        count(*) FILTER (WHERE "deliveredAt" IS NOT NULL) AS "delivered",
        count(*) FILTER (WHERE "openedAt" IS NOT NULL) AS "opened",
        count(*) FILTER (WHERE "clickedAt" IS NOT NULL) AS "clicked",
        count(*) FILTER (WHERE "convertedAt" IS NOT NULL) AS "converted"
      FROM "MessageSend" WHERE "journeyId" = ${journeyId}::uuid AND "nodeId" IS NOT NULL
      GROUP BY 1`,
  ]);
  const counts: Record<string, NodeCounts> = {};
  const of = (nodeId: string) =>
    (counts[nodeId] ??= { steps: {}, outputs: {}, waitingNow: 0, messages: null });
  for (const row of steps) {
    const node = of(row.nodeId);
    node.steps[row.kind] = (node.steps[row.kind] ?? 0) + Number(row.count);
    if (row.output) node.outputs[row.output] = (node.outputs[row.output] ?? 0) + Number(row.count);
  }
  for (const group of waiting) of(group.currentNodeId!).waitingNow = group._count._all;
  for (const row of sends) {
    of(row.nodeId).messages = {
      sent: Number(row.sent),
      delivered: Number(row.delivered),
      opened: Number(row.opened),
      clicked: Number(row.clicked),
      converted: Number(row.converted),
    };
  }
  return counts;
}

/** The customers waiting at one node now, longest waiting first. */
export function listCustomersWaitingAt(
  db: Db,
  workspaceId: string,
  journeyId: string,
  nodeId: string,
  options: { limit?: number } = {},
) {
  return db.journeyRun.findMany({
    where: { workspaceId, journeyId, status: 'RUNNING', currentNodeId: nodeId },
    orderBy: { startedAt: 'asc' },
    take: options.limit ?? 100,
    select: {
      id: true,
      startedAt: true,
      customer: { select: { id: true, userId: true, email: true } },
    },
  });
}

/** What the canvas's pickers offer: the workspace's segments and live templates (channel as journeys name it). */
export async function listJourneyPickerOptions(db: Db, workspaceId: string) {
  const [segments, templates] = await Promise.all([
    db.segment.findMany({
      where: { workspaceId },
      orderBy: { name: 'asc' },
      select: { id: true, name: true },
      take: 500,
    }),
    db.template.findMany({
      where: { workspaceId, archivedAt: null },
      orderBy: { name: 'asc' },
      select: { id: true, name: true, channel: true, pluginChannel: true },
      take: 500,
    }),
  ]);
  return {
    segments,
    templates: templates.map((template) => ({
      id: template.id,
      name: template.name,
      channel: template.channel ? template.channel.toLowerCase() : (template.pluginChannel ?? ''),
    })),
  };
}
