// The public API of @nudgeflow/channels.
export type {
  Channel,
  ChannelImplementation,
  ChannelProfile,
  ChannelTemplate,
  ChannelWorkspace,
  InterruptedSendPolicy,
  MessageLinks,
  PushSubscriptionKeys,
  Reachability,
  ReceiptType,
  RenderContext,
  SendFailure,
  SendResult,
  SendTarget,
} from './channel';
export { RECEIPT_TYPES, testProfile } from './channel';
export {
  createMessageSender,
  RetryableSendError,
  templateChannelId,
  type MessageSender,
  type MessageSenderDeps,
} from './message-sender';
export {
  BUILT_IN_CHANNELS,
  channelDefinitions,
  createBuiltInChannels,
  type BuiltInChannelOptions,
} from './registry';
export {
  defineChannel,
  instantiateChannel,
  missingImplementationParts,
  type ChannelDefinition,
  type ChannelServices,
} from './define-channel';
export * from './descriptors';
export { reachabilityByChannel, UNSUBSCRIBED_ALL_REASON, type ChannelReach } from './reachability';

// Channels
export { createPushChannel, type PushPayload, type PushMessage } from './push/push-channel';
export {
  PushTransport,
  type PushTransportOptions,
  type PushRequest,
  type PushResponse,
} from './push/push-transport';
export { VapidTokenCache } from './push/vapid';
export { createEmailChannel, type EmailMessage } from './email/email-channel';
export { SmtpSettings } from './email/settings';
export { compileEmailContent, type CompiledEmail } from './email/compile';
export { htmlToText } from './email/html-text';
export { startSmtpCatcher, type SmtpCatcher } from './email/smtp-catcher';
export { sendSystemEmail, type SystemEmail } from './email/system-mail';
export {
  processBounceMessage,
  parseDeliveryReport,
  verpAddress,
  readVerpAddress,
  SOFT_BOUNCE_LIMIT,
  type BounceProcessingResult,
} from './email/bounces';
export { createInAppChannel, sanitizeInAppHtml, type InAppMessageContent } from './in-app/in-app-channel';
export {
  createSmsChannel,
  smsKeyword,
  smsSettingsOf,
  smsInboundUrl,
  smsStatusCallbackUrl,
  verifyTwilioSignature,
  SmsSettings,
} from './sms/sms-channel';
export { handleInboundSms, handleSmsStatusCallback, twimlReply, EMPTY_TWIML } from './sms/inbound';
export {
  createWebhookChannel,
  signWebhook,
  verifyWebhookSignature,
  WEBHOOK_SIGNATURE_HEADER,
} from './webhook/webhook-channel';
export { checkOutboundUrl, OutboundUrlError } from './outbound-guard';

// Templates
export { renderLiquid, checkLiquidSyntax, TemplateRenderError } from './templates/liquid';
export { resolveLocale } from './templates/locale';
export { MessageAborted, missingVariables, requiredVariables } from './templates/requirements';
export {
  buildTemplateVariables,
  RECENT_EVENTS,
  type TemplateEvent,
  type TemplateVariables,
} from './templates/variables';
export { saveTemplateWithCompile, previewTemplate, testSend } from './templates/authoring';

// Governance, links, conversions
export { GovernanceSettings, FrequencyCap, QuietHours, governanceSettings } from './governance/settings';
export { quietHoursEnd } from './governance/quiet-hours';
export { SendRateLimiter } from './governance/rate-limit';
export {
  signLinkToken,
  readLinkToken,
  verifyLinkToken,
  clickTargetMatches,
  messageLinks,
  type LinkPayload,
} from './links';
export { recordConversion } from '@nudgeflow/db';
export {
  verifyMessageLink,
  recordOpen,
  recordClick,
  unsubscribeByToken,
  preferencesByToken,
  savePreferencesByToken,
  TRACKING_PIXEL,
} from './tracking';
