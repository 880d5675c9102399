import { Alert, createTheme, Modal, Notification, type CSSVariablesResolver } from '@mantine/core';

/**
 * The one theme of the app. Indigo as the primary colour at shade 7 keeps white text on filled buttons above
 * WCAG AA (4.5:1) in light and dark schemes; Mantine's shades 5 and 6 of indigo fall below it (axe-checked).
 */
export const theme = createTheme({
  primaryColor: 'indigo',
  primaryShade: { light: 7, dark: 7 },
  fontFamily: "ui-sans-serif, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
  defaultRadius: 'md',
  cursorType: 'pointer',
  // Black or white text on filled colours, whichever contrasts (a light green badge gets black text).
  autoContrast: true,
  components: {
    // Mantine's close buttons are an icon alone: each gets a name for screen readers.
    Modal: Modal.extend({ defaultProps: { closeButtonProps: { 'aria-label': 'Close' } } }),
    Notification: Notification.extend({ defaultProps: { closeButtonProps: { 'aria-label': 'Dismiss' } } }),
    // A light alert's title takes its colour's shade 6 (yellow, teal: under 3:1 on the tinted background);
    // the icon and border carry the colour, the title reads in the text colour (axe-checked).
    Alert: Alert.extend({ styles: { title: { color: 'var(--mantine-color-text)' } } }),
  },
});

/**
 * Mantine's dimmed text (gray 6 on white, dark 2 on dark 7) is about 3.3:1 and 4.3:1: below WCAG AA for
 * body text. One shade stronger in each scheme passes (gray 7: 7:1, dark 1: 8:1). The same goes for text on
 * the primary colour's light tint (active nav links, light buttons and badges): indigo 9 and 2 pass on it.
 */
export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    '--mantine-color-indigo-light-color': 'var(--mantine-color-indigo-9)',
    '--mantine-primary-color-light-color': 'var(--mantine-color-indigo-9)',
  },
  dark: {
    '--mantine-color-dimmed': 'var(--mantine-color-dark-1)',
    '--mantine-color-indigo-light-color': 'var(--mantine-color-indigo-2)',
    '--mantine-primary-color-light-color': 'var(--mantine-color-indigo-2)',
  },
});
