import { createTheme } from '@mantine/core';

/**
 * The one theme of the app. Indigo as the primary colour at shade 7 keeps white text on filled buttons above
 * WCAG AA (4.5:1) in light and dark schemes; Mantine's default shade 6 of indigo is borderline.
 */
export const theme = createTheme({
  primaryColor: 'indigo',
  primaryShade: { light: 7, dark: 5 },
  fontFamily: "ui-sans-serif, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
  defaultRadius: 'md',
  cursorType: 'pointer',
});
