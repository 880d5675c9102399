import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { projectRoot } from './project';

const composeFile = path.join(projectRoot, 'docker-compose.yml');
const environment = { ...process.env, AUTH_SECRET: 'compose-config-check-secret-000000' };

interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile: string };
  depends_on?: Record<string, { condition: string }> | string[];
  environment?: Record<string, string>;
}

function hasComposePlugin(): boolean {
  return spawnSync('docker', ['compose', 'version'], { encoding: 'utf8' }).status === 0;
}

describe('docker-compose.yml', () => {
  it('is a valid Compose file according to `docker compose config` (where the plugin exists)', () => {
    if (!hasComposePlugin()) {
      console.info(
        'docker compose config not run: the docker client here has no compose plugin (`docker compose version` fails).',
      );
      return;
    }
    const result = spawnSync('docker', ['compose', '-f', composeFile, 'config', '--quiet'], {
      cwd: projectRoot,
      encoding: 'utf8',
      env: environment,
    });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('wires the production-like stack: every dependency, Dockerfile and app variable is there', () => {
    const compose = yaml.load(readFileSync(composeFile, 'utf8')) as {
      services: Record<string, ComposeService>;
    };
    const services = compose.services;
    expect(Object.keys(services).sort()).toEqual(
      ['mailpit', 'migrate', 'postgres', 'temporal', 'temporal-ui', 'web', 'worker'].sort(),
    );
    for (const [name, service] of Object.entries(services)) {
      const dependencies = Array.isArray(service.depends_on)
        ? service.depends_on
        : Object.keys(service.depends_on ?? {});
      for (const dependency of dependencies)
        expect(services, `${name} depends on ${dependency}`).toHaveProperty(dependency);
      if (service.build)
        expect(existsSync(path.join(projectRoot, service.build.context, service.build.dockerfile))).toBe(
          true,
        );
    }
    for (const app of ['web', 'worker', 'migrate']) {
      const variables = services[app]?.environment ?? {};
      expect(variables.DATABASE_URL).toMatch(/@postgres:5432\/nudgeflow$/);
      expect(variables.TEMPORAL_ADDRESS).toBe('temporal:7233');
      expect(variables.SMTP_URL).toContain('mailpit:1025');
    }
    expect(services.temporal?.environment?.DB).toBe('postgres12');
  });
});
