import { parseArgs } from 'node:util';
import { ApiError } from './client';
import { UsageError, type CliIo } from './command';
import { runJourneyCommand } from './journeys-commands';
import { OfflineCheckError } from './offline-check';
import { describeProblem } from './output';
import { runTemplateCommand } from './templates-commands';

export const USAGE = `Usage: nudgeflow journeys <command> [options]
       nudgeflow templates <command> [options]

Journeys:
  list                          List the workspace's journeys
  import <file.json> [--publish] [--id <journeyId>]
                                Create or update a journey from a nudgeflow.journey/v1 document, or a
                                bundle of one with its templates (export --templates). Without --id,
                                updates the journey with the same name, else creates one. With
                                --publish, prints the runs waiting in the previous version and where
                                they move.
  export <journeyId> [--version <n>] [--templates]
                                Print the journey (draft, or a published version) as a document; with
                                --templates, a bundle that also carries the templates it sends
  validate <file.json>          Check a document (or bundle) offline with the built-in node kinds
  plan <journeyId> [--file <file.json>] [--map <old=new>…]
                                Dry run of publishing the draft (or the file): the runs waiting per
                                node of the live version and where each would move
  publish <journeyId>           Publish the draft as the next version
  migrate <journeyId> --from <n> [--map <old=new>…]
                                Move the runs still in version n onto the live version
  pause <journeyId>             Stop new entries (customers already in carry on)
  resume <journeyId>            Let customers enter again
  archive <journeyId>           Retire the journey

Templates:
  list                          List the workspace's templates
  import <file.json> [--id <templateId>]
                                Create or update a template from a nudgeflow.template/v1 document.
                                Without --id, updates the template with the same name and channel.
  export <templateId>           Print the template as a document
  validate <file.json>          Check a template document offline (content schema, Liquid syntax)

Options:
  --url <url>       Nudgeflow server (default: $NUDGEFLOW_URL)
  --key <key>       Workspace API key (default: $NUDGEFLOW_API_KEY)
`;

/** Runs one CLI invocation; returns the exit code (0 ok, 1 failed, 2 usage). */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        publish: { type: 'boolean', default: false },
        templates: { type: 'boolean', default: false },
        id: { type: 'string' },
        version: { type: 'string' },
        from: { type: 'string' },
        file: { type: 'string' },
        map: { type: 'string', multiple: true },
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
  if (values.help || (group !== 'journeys' && group !== 'templates') || !command) {
    (values.help ? io.stdout : io.stderr)(USAGE);
    return values.help ? 0 : 2;
  }

  try {
    return group === 'journeys'
      ? await runJourneyCommand(command, target, values, io)
      : await runTemplateCommand(command, target, values, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`${error.message}\n\n${USAGE}`);
      return 2;
    }
    if (error instanceof OfflineCheckError) {
      io.stderr(
        `${error.file} is not valid (checked offline; nothing was sent):\n${error.problems.map(describeProblem).join('\n')}\n`,
      );
      return 1;
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
