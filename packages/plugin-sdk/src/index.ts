/**
 * The public API for Nudgeflow plugins. A custom node kind is declared exactly like a built-in one (the
 * built-ins in @nudgeflow/journey use the same `defineNodeKind`), and so is a custom channel (the built-ins
 * in @nudgeflow/channels use the same `defineChannel`), so the compiler, the canvas's generated forms, the
 * message sender and the worker treat both alike. There is no second path.
 */
export {
  defineNodeKind,
  configJsonSchema,
  NodeKindRegistry,
  builtinNodeKinds,
  builtinRegistry,
  type AnyNodeKind,
  type CompileContext,
  type FieldHint,
  type FieldWidget,
  type JourneyError,
  type NodeCategory,
  type NodeKind,
  type NodeKindUi,
  type NodeOutput,
  type NodeRuntime,
} from '@nudgeflow/journey';
export { definePlugin, registryWithPlugins, PluginError, type NudgeflowPlugin } from './plugin';
export {
  defineChannel,
  defineChannelDescriptor,
  ChannelDefinitionError,
  localised,
  type Channel,
  type ChannelDefinition,
  type ChannelDescriptor,
  type ChannelImplementation,
  type ChannelServices,
} from '@nudgeflow/channels/plugin';
