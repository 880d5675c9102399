import type { LucideIcon } from 'lucide-react';
import type { ComponentType } from 'react';
import type { TemplateChannel, TemplateContent, Variant } from '../channel-meta';
import type { TemplateFieldError } from '../form-fields';

export interface ChannelSettingsProps {
  content: TemplateContent;
  onChange(content: TemplateContent): void;
  errors: readonly TemplateFieldError[];
}

export interface ChannelVariantProps {
  locale: string;
  variant: Variant;
  onChange(variant: Variant): void;
  errors: readonly TemplateFieldError[];
}

/**
 * Everything the template editor knows about one channel, in that channel's own module: the registry
 * (./index.ts) is the only place that lists channels, so the editor, preview and list never switch on a
 * channel id. The content schemas themselves live in packages/channels, which validates every save.
 */
export interface ChannelUi {
  id: TemplateChannel;
  label: string;
  icon: LucideIcon;
  /** What a new template starts with: renders for any customer under the strict preview. */
  starterContent(): TemplateContent;
  /** Top-level content fields the settings form shows, so their errors appear beside them. */
  settingsFields: readonly string[];
  /** Settings that do not vary by language (sender, TTL, layout, target URL); null when there are none. */
  Settings: ComponentType<ChannelSettingsProps> | null;
  /** The texts of one language variant: the fields marketers translate. */
  Variant: ComponentType<ChannelVariantProps>;
  /** A rendered message as its recipient would see it (the preview's result). */
  Rendered: ComponentType<{ message: Record<string, unknown> }>;
  testSend: {
    /** Where a test goes (the descriptor's `testRecipient`), in one sentence above the button. */
    explanation: string;
  };
}

/** A string field of a rendered message, or empty. */
export function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

export const LIQUID_HINT = 'Liquid: {{ customer.first_name }}, {{ product.name }}, {{ promo_code }} …';
