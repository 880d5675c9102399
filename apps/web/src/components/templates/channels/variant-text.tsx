'use client';

import { errorsFor, TextField } from '../form-fields';
import type { ChannelVariantProps } from './channel-ui';

/** A text field bound to one string of the variant, with the errors the server reported for it. */
export function VariantText(
  props: ChannelVariantProps & {
    name: string;
    label: string;
    multiline?: number;
    code?: boolean;
    placeholder?: string;
    hint?: string;
  },
) {
  return (
    <TextField
      name={props.name}
      label={props.label}
      value={props.variant[props.name]}
      onChange={(value) => props.onChange({ ...props.variant, [props.name]: value })}
      errors={errorsFor(props.errors, `variants.${props.locale}.${props.name}`)}
      {...(props.multiline ? { multiline: props.multiline } : {})}
      {...(props.code ? { code: true } : {})}
      {...(props.placeholder ? { placeholder: props.placeholder } : {})}
      {...(props.hint ? { hint: props.hint } : {})}
    />
  );
}
