import {
  type MantineColorsTuple,
  Anchor,
  Modal,
  createTheme,
  darken,
  DEFAULT_THEME,
  type DefaultMantineColor,
  luminance,
  toRgba,
} from "@mantine/core";

/**
 * Text must reach WCAG AA's 4.5:1 against what is behind it. Mantine's default palettes do not
 * where the SPA uses them: links and filled buttons in indigo.6 (4.3:1 under white text), dimmed
 * text in gray.6 (3.3:1), placeholders in gray.5 (2.1:1), light badges in green, teal, orange
 * and yellow (shade 9 on shade 1, 2.7 to 4.3:1), error text in red.6 (3.3:1). The palettes are
 * darkened here, once, where they fall short, so every component keeps its colour names and passes.
 */
const AA_CONTRAST = 4.5;

function contrast(foreground: string, background: string): number {
  const [lighter, darker] = [luminance(foreground), luminance(background)].sort((a, b) => b - a);
  return (lighter + 0.05) / (darker + 0.05);
}

function toHex(color: string): string {
  const { r, g, b } = toRgba(color);
  return `#${[r, g, b].map((channel) => channel.toString(16).padStart(2, "0")).join("")}`;
}

/** The colour itself if it reads on the background, else the least darkened version of it that does. */
function readableOn(color: string, background: string): string {
  let readable = color;
  for (let amount = 0.02; contrast(readable, background) < AA_CONTRAST; amount += 0.02) {
    readable = toHex(darken(color, amount));
  }
  return readable;
}

const WHITE = DEFAULT_THEME.white;

/**
 * Shade 8 is the filled colour (under white text), the outline colour and `c="<colour>"` text,
 * all on white; shade 9 is the text of the light variant, on shade 1 (shade 2 when hovered).
 * Three more shades carry text: gray.6 is dimmed text (on white and on the light grey of
 * hovered and striped rows), gray.5 is placeholder text, red.6 is error text.
 */
function accessiblePalette(name: string, palette: MantineColorsTuple): MantineColorsTuple {
  const shades = [...palette];
  const readable = (shade: number, background: string) => (shades[shade] = readableOn(palette[shade], background));
  readable(8, WHITE);
  readable(9, palette[2]);
  if (name === "gray") readable(6, palette[1]);
  if (name === "gray") readable(5, WHITE);
  if (name === "red") readable(6, WHITE);
  return shades as unknown as MantineColorsTuple;
}

const colors = Object.fromEntries(
  Object.entries(DEFAULT_THEME.colors).map(([name, palette]) => [name, accessiblePalette(name, palette)]),
) as Record<DefaultMantineColor, MantineColorsTuple>;

export const theme = createTheme({
  primaryColor: "indigo",
  // Links, filled buttons and the focus ring in indigo.8 (5.7:1 on white) instead of indigo.6.
  primaryShade: { light: 8, dark: 8 },
  colors,
  defaultRadius: "md",
  fontFamily: 'Inter, system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
  components: {
    // A link inside text must not differ from it by colour alone (WCAG 1.4.1).
    Anchor: Anchor.extend({ defaultProps: { underline: "always" } }),
    // The close button is an icon: without a label a screen reader announces a nameless button.
    Modal: Modal.extend({ defaultProps: { closeButtonProps: { "aria-label": "Close" } } }),
  },
});
