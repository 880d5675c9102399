import type { ChannelDefinition } from '@nudgeflow/channels/plugin';
import { builtinRegistry, type AnyNodeKind, type NodeKindRegistry } from '@nudgeflow/journey';

/** A plugin package's default export: a name (its namespace) and the node kinds it provides. */
export interface NudgeflowPlugin {
  /** Lowercase, e.g. `acme`; every node kind type must start with `<name>.` (`acme.promo-code`). */
  name: string;
  version: string;
  nodeKinds: readonly AnyNodeKind[];
  /** Channels (`defineChannel`), each named `<name>.<channel>`; the worker registers them after the built-ins. */
  channels?: readonly ChannelDefinition[];
}

export class PluginError extends Error {
  constructor(
    readonly plugin: string,
    message: string,
  ) {
    super(`Plugin "${plugin}": ${message}`);
  }
}

const RESERVED_NAMESPACES = new Set(
  builtinRegistry.all().flatMap((kind) => [kind.type.split('.')[0]!, kind.type]),
);

/**
 * Declares a plugin, checking what would otherwise fail late: kinds outside the plugin's namespace,
 * namespaces the built-ins use, and kinds that claim the interpreter's own runtime (only built-ins run
 * inside the workflow; plugins run as activities).
 */
export function definePlugin(plugin: NudgeflowPlugin): NudgeflowPlugin {
  if (!/^[a-z][a-z0-9-]*$/.test(plugin.name)) {
    throw new PluginError(plugin.name, 'the name must be lowercase letters, digits and -');
  }
  if (RESERVED_NAMESPACES.has(plugin.name)) {
    throw new PluginError(plugin.name, 'this name is used by a built-in node kind');
  }
  for (const kind of plugin.nodeKinds) {
    if (!kind.type.startsWith(`${plugin.name}.`)) {
      throw new PluginError(plugin.name, `node kind "${kind.type}" must be named "${plugin.name}.<node>"`);
    }
    if (kind.runtime.kind !== 'activity') {
      throw new PluginError(plugin.name, `node kind "${kind.type}" must run as an activity`);
    }
  }
  for (const channel of plugin.channels ?? []) {
    if (!channel.id.startsWith(`${plugin.name}.`)) {
      throw new PluginError(plugin.name, `channel "${channel.id}" must be named "${plugin.name}.<channel>"`);
    }
  }
  return plugin;
}

/** The built-in kinds plus every plugin's kinds: what the compiler, the palette and the worker use. */
export function registryWithPlugins(
  plugins: readonly NudgeflowPlugin[],
  base: NodeKindRegistry = builtinRegistry,
) {
  const seen = new Map<string, string>();
  for (const plugin of plugins) {
    for (const kind of plugin.nodeKinds) {
      const key = `${kind.type}@${kind.version}`;
      const owner = seen.get(key);
      if (owner) throw new PluginError(plugin.name, `node kind ${key} is also provided by plugin "${owner}"`);
      seen.set(key, plugin.name);
    }
  }
  return base.with(plugins.flatMap((plugin) => plugin.nodeKinds));
}
