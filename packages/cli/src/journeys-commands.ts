import { connection, readDocument, usage, type CliIo, type CliOptions } from './command';
import { JourneysClient } from './client';
import { checkJourneyFile, isBundle, OfflineCheckError } from './offline-check';
import { describeProblem, describeWaitingRuns } from './output';

function positiveNumber(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!(Number.isInteger(number) && number > 0)) throw usage(`${flag} must be a positive number`);
  return number;
}

/** `--map old=new` (repeatable) as a node map. */
function nodeMap(values: string[] | undefined): Record<string, string> | undefined {
  if (!values?.length) return undefined;
  return Object.fromEntries(
    values.map((pair) => {
      const [from, to, extra] = pair.split('=');
      if (!from || !to || extra !== undefined) throw usage(`--map takes old=new, not "${pair}"`);
      return [from, to];
    }),
  );
}

/** The journey an import updates: --id, else the one with the document's name (none: a new journey). */
async function journeyIdFor(client: JourneysClient, document: unknown, id: string | undefined) {
  if (id) return id;
  const journey = isBundle(document) ? document.journey : document;
  const name = (journey as { name?: unknown } | null)?.name;
  const matches = (await client.list()).filter((candidate) => candidate.name === name);
  if (matches.length > 1)
    throw usage(`${matches.length} journeys are named "${String(name)}": choose one with --id`);
  return matches[0]?.id;
}

export async function runJourneyCommand(
  command: string,
  target: string | undefined,
  options: CliOptions,
  io: CliIo,
): Promise<number> {
  if (command === 'validate') {
    if (!target) throw usage('validate needs a file');
    const checked = checkJourneyFile(await readDocument(io, target));
    if (checked.problems.length > 0) throw new OfflineCheckError(target, checked.problems);
    const templates = checked.templates ? `, ${checked.templates} templates` : '';
    io.stdout(`${target}: valid (${checked.nodes} nodes${templates})\n`);
    return 0;
  }

  const { url, key } = connection(io, options);
  const client = new JourneysClient(url, key, io.fetch);
  switch (command) {
    case 'list': {
      const journeys = await client.list();
      if (journeys.length === 0) io.stdout('No journeys.\n');
      for (const journey of journeys) {
        const version = journey.activeVersion ? `v${journey.activeVersion}` : '-';
        io.stdout(`${journey.id}  ${journey.status.padEnd(8)} ${version.padEnd(5)} ${journey.name}\n`);
      }
      return 0;
    }
    case 'import': {
      if (!target) throw usage('import needs a file');
      const document = await readDocument(io, target);
      const id = await journeyIdFor(client, document, options.id);
      const result = id
        ? await client.update(id, document, options.publish)
        : await client.create(document, options.publish);
      const action = result.created ? 'Created' : 'Updated';
      const published = result.publishedVersion ? `, published version ${result.publishedVersion}` : '';
      io.stdout(`${action} "${result.journey.name}" (${result.journey.id})${published}\n`);
      if (result.warnings?.length) {
        io.stderr(
          `Publishing will refuse it until these are fixed:\n${result.warnings.map(describeProblem).join('\n')}\n`,
        );
      }
      if (result.migration) {
        const { waitingRuns, plan, previousVersion } = result.migration;
        io.stdout(describeWaitingRuns(waitingRuns, plan, previousVersion));
      }
      return 0;
    }
    case 'export': {
      if (!target) throw usage('export needs a journey id');
      const version = positiveNumber(options.version, '--version');
      const exported = await client.export(target, {
        ...(version ? { version } : {}),
        templates: options.templates,
      });
      io.stdout(`${JSON.stringify(exported, null, 2)}\n`);
      return 0;
    }
    case 'plan': {
      if (!target) throw usage('plan needs a journey id');
      const map = nodeMap(options.map);
      const result = await client.plan(target, {
        ...(options.file ? { document: await readDocument(io, options.file) } : {}),
        ...(map ? { nodeMap: map } : {}),
      });
      io.stdout(`Publishing "${result.journey.name}" would create version ${result.nextVersion}.\n`);
      if (result.liveVersion === null) io.stdout('Nobody is in it yet: no version is live.\n');
      else io.stdout(describeWaitingRuns(result.waitingRuns, result.plan, result.liveVersion));
      return 0;
    }
    case 'publish': {
      if (!target) throw usage('publish needs a journey id');
      const result = await client.publish(target);
      io.stdout(`Published "${result.journey.name}" version ${result.version} (${result.journey.status})\n`);
      if (result.migration) {
        const { waitingRuns, plan, previousVersion } = result.migration;
        io.stdout(describeWaitingRuns(waitingRuns, plan, previousVersion));
      }
      return 0;
    }
    case 'migrate': {
      if (!target) throw usage('migrate needs a journey id');
      const fromVersion = positiveNumber(options.from, '--from');
      if (!fromVersion) throw usage('migrate needs --from <version>');
      const map = nodeMap(options.map);
      const result = await client.migrate(target, { fromVersion, ...(map ? { nodeMap: map } : {}) });
      io.stdout(
        `Moved ${result.moved} run${result.moved === 1 ? '' : 's'} from version ${result.fromVersion} to ${result.toVersion}\n`,
      );
      for (const failure of result.failed) io.stdout(`  not moved ${failure.runId}: ${failure.message}\n`);
      return result.failed.length > 0 ? 1 : 0;
    }
    case 'pause':
    case 'resume':
    case 'archive': {
      if (!target) throw usage(`${command} needs a journey id`);
      const journey = await client.changeStatus(target, command);
      io.stdout(`"${journey.name}" is now ${journey.status}\n`);
      return 0;
    }
    default:
      throw usage(`Unknown command "${command}"`);
  }
}
