/**
 * What a plugin channel needs (`@nudgeflow/channels/plugin`, re-exported by @nudgeflow/plugin-sdk): the
 * same `defineChannel` the built-ins use, the content helpers, and the Liquid renderer with its errors.
 * Nothing here opens a database connection on import.
 */
export {
  defineChannel,
  missingImplementationParts,
  type ChannelDefinition,
  type ChannelServices,
  type CompileTemplate,
} from './define-channel';
export {
  ChannelDefinitionError,
  defineChannelDescriptor,
  missingDescriptorParts,
  type ChannelConsent,
  type ChannelDescriptor,
  type ChannelEngagement,
} from './descriptor';
export type {
  Channel,
  ChannelImplementation,
  ChannelProfile,
  ChannelTemplate,
  Reachability,
  RenderContext,
  SendResult,
  SendTarget,
} from './channel';
export { localised } from './templates/content';
export { renderLiquid, TemplateRenderError } from './templates/liquid';
export { pickVariant } from './templates/locale';
export { MessageAborted } from './templates/requirements';
