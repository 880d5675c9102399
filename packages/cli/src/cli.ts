import { parseArgs } from 'node:util';
import { compileJourneyDocument } from '@nudgeflow/journey';
import { ApiError, JourneysClient, type ApiProblem } from './client';

export interface CliIo {
  fetch: typeof fetch;
  readFile: (path: string) => Promise<string>;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** NUDGEFLOW_URL / NUDGEFLOW_API_KEY (flags --url / --key win). */
  url: string | undefined;
  apiKey: string | undefined;
}

const USAGE = `Usage: nudgeflow journeys <command> [options]

Commands:
  list                          List the workspace's journeys
  import <file.json> [--publish] [--id <journeyId>]
                                Create or update a journey from a nudgeflow.journey/v1 document.
                                Without --id, updates the journey with the same name, else creates one.
  export <journeyId> [--version <n>]
                                Print the journey (draft, or a published version) as a document
  validate <file.json>          Check a document offline with the built-in node kinds
  publish <journeyId>           Publish the draft as the next version
  pause <journeyId>             Stop new entries (customers already in carry on)
  resume <journeyId>            Let customers enter again
  archive <journeyId>           Retire the journey

Options:
  --url <url>       Nudgeflow server (default: $NUDGEFLOW_URL)
  --key <key>       Workspace API key (default: $NUDGEFLOW_API_KEY)
`;

function describeProblem(problem: ApiProblem): string {
  const where = [
    problem.nodeId && `node ${problem.nodeId}`,
    problem.edgeId && `edge ${problem.edgeId}`,
    problem.field,
  ]
    .filter(Boolean)
    .join(' · ');
  return where ? `  ${where}: ${problem.message}` : `  ${problem.message}`;
}

async function readDocument(io: CliIo, path: string): Promise<unknown> {
  const text = await io.readFile(path);
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ApiError(0, [{ field: path, message: `is not valid JSON (${(error as Error).message})` }]);
  }
}

/** Runs one CLI invocation; returns the exit code (0 ok, 1 failed, 2 usage). */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        publish: { type: 'boolean', default: false },
        id: { type: 'string' },
        version: { type: 'string' },
        url: { type: 'string' },
        key: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    io.stderr(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [group, command, target] = positionals;
  if (values.help || group !== 'journeys' || !command) {
    (values.help ? io.stdout : io.stderr)(USAGE);
    return values.help ? 0 : 2;
  }

  try {
    if (command === 'validate') {
      if (!target) throw usage('validate needs a file');
      const result = compileJourneyDocument(await readDocument(io, target));
      if (!result.ok) throw new ApiError(400, result.errors);
      io.stdout(`${target}: valid (${Object.keys(result.definition.nodes).length} nodes)\n`);
      return 0;
    }

    const url = values.url ?? io.url;
    const key = values.key ?? io.apiKey;
    if (!url || !key) throw usage('Set NUDGEFLOW_URL and NUDGEFLOW_API_KEY (or pass --url and --key)');
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
        let id = values.id;
        if (!id) {
          const name = (document as { name?: unknown }).name;
          const matches = (await client.list()).filter((journey) => journey.name === name);
          if (matches.length > 1) {
            throw usage(`${matches.length} journeys are named "${String(name)}": choose one with --id`);
          }
          id = matches[0]?.id;
        }
        const result = id
          ? await client.update(id, document, values.publish)
          : await client.create(document, values.publish);
        const action = result.created ? 'Created' : 'Updated';
        const published = result.publishedVersion ? `, published version ${result.publishedVersion}` : '';
        io.stdout(`${action} "${result.journey.name}" (${result.journey.id})${published}\n`);
        if (result.warnings?.length) {
          io.stderr(
            `Publishing will refuse it until these are fixed:\n${result.warnings.map(describeProblem).join('\n')}\n`,
          );
        }
        return 0;
      }
      case 'export': {
        if (!target) throw usage('export needs a journey id');
        const version = values.version === undefined ? undefined : Number(values.version);
        if (version !== undefined && !(Number.isInteger(version) && version > 0))
          throw usage('--version must be a positive number');
        io.stdout(`${JSON.stringify(await client.export(target, version), null, 2)}\n`);
        return 0;
      }
      case 'publish': {
        if (!target) throw usage('publish needs a journey id');
        const result = await client.publish(target);
        io.stdout(
          `Published "${result.journey.name}" version ${result.version} (${result.journey.status})\n`,
        );
        if (result.migration)
          io.stdout(`Runs waiting in the previous version: ${JSON.stringify(result.migration)}\n`);
        return 0;
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
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`${error.message}\n\n${USAGE}`);
      return 2;
    }
    if (error instanceof ApiError) {
      io.stderr(
        `${error.status ? `Failed (${error.status}):` : 'Failed:'}\n${error.problems.map(describeProblem).join('\n')}\n`,
      );
      return 1;
    }
    io.stderr(`Failed: ${(error as Error).message}\n`);
    return 1;
  }
}

class UsageError extends Error {}

function usage(message: string): UsageError {
  return new UsageError(message);
}
