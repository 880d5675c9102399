/**
 * Applies pending migrations to DATABASE_URL and exits: the one-shot `migrate` service of docker-compose.yml
 * and `npm run db:migrate`. Safe to run concurrently (the runner holds Prisma's advisory lock).
 */
import { env } from '@nudgeflow/config';
import { migrate } from '@nudgeflow/db';

const { DATABASE_URL } = env();
if (!DATABASE_URL) {
  process.stderr.write('DATABASE_URL is not set.\n');
  process.exit(1);
}
const result = await migrate(DATABASE_URL, { log: (message) => process.stdout.write(`${message}\n`) });
process.stdout.write(
  `Migrations: ${result.applied.length} applied, ${result.alreadyApplied.length} already applied.\n`,
);
