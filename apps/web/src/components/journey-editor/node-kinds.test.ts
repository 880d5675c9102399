import { describe, expect, it } from 'vitest';
import { findIcon, iconOf, registry } from './node-kinds';

describe('node kind icons', () => {
  it.each(registry.all().map((kind) => [`${kind.type} v${kind.version}`, kind.ui.icon] as const))(
    "%s's icon %s is a lucide icon",
    (_, icon) => {
      expect(findIcon(icon)).toBeDefined();
    },
  );

  it('falls back to a circle for a name lucide does not have', () => {
    expect(findIcon('no-such-icon')).toBeUndefined();
    expect(iconOf('no-such-icon')).toBe(iconOf('circle'));
  });
});
