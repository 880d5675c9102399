import { connection, readDocument, usage, type CliIo, type CliOptions } from './command';
import { TemplatesClient } from './client';
import { checkTemplateDocument, OfflineCheckError } from './offline-check';

export async function runTemplateCommand(
  command: string,
  target: string | undefined,
  options: CliOptions,
  io: CliIo,
): Promise<number> {
  if (command === 'validate') {
    if (!target) throw usage('validate needs a file');
    const problems = checkTemplateDocument(await readDocument(io, target));
    if (problems.length > 0) throw new OfflineCheckError(target, problems);
    io.stdout(`${target}: valid\n`);
    return 0;
  }

  const { url, key } = connection(io, options);
  const client = new TemplatesClient(url, key, io.fetch);
  switch (command) {
    case 'list': {
      const templates = await client.list();
      if (templates.length === 0) io.stdout('No templates.\n');
      for (const template of templates)
        io.stdout(`${template.id}  ${template.channel.padEnd(8)} ${template.name}\n`);
      return 0;
    }
    case 'import': {
      if (!target) throw usage('import needs a file');
      const result = await client.import(await readDocument(io, target), options.id);
      io.stdout(
        `${result.created ? 'Created' : 'Updated'} "${result.template.name}" (${result.template.id})\n`,
      );
      return 0;
    }
    case 'export': {
      if (!target) throw usage('export needs a template id');
      io.stdout(`${JSON.stringify(await client.export(target), null, 2)}\n`);
      return 0;
    }
    default:
      throw usage(`Unknown command "${command}"`);
  }
}
