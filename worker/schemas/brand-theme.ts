/**
 * An organization's accent colour made into a theme candidates can read (WCAG 2.2 AA): text on a
 * button at 4.5:1, focus rings, borders and progress fills at 3:1 against the page, links at 4.5:1.
 * Shared by the candidate app (CSS custom properties on <html>), the Settings warning, and any page
 * the Worker renders itself, so all three agree on the colours.
 */

/** The dashboard's own teal (--hf-teal-700 in app/src/ui/theme.css): a new organization's accent. */
export const DEFAULT_ACCENT = '#0f5c63';
/** Candidate pages sit on --hf-canvas; cards are white, which only ever contrasts more with a dark shade. */
export const PAGE_BACKGROUND = '#f6f8fa';
const WHITE = '#ffffff';
/** --hf-ink: near-black text, softer than #000. */
const INK = '#1b1f23';
const BLACK = '#000000';

export const AA_TEXT = 4.5;
export const AA_UI = 3;

type Rgb = [number, number, number];

function channels(hex: string): Rgb {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

function toHex(rgb: Rgb): string {
  return `#${rgb.map((c) => Math.round(c).toString(16).padStart(2, '0')).join('')}`;
}

/** Relative luminance, as WCAG defines it for sRGB. */
export function luminance(hex: string): number {
  const [r, g, b] = channels(hex).map((c) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as Rgb;
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

function mix(color: string, toward: string, amount: number): string {
  const [r, g, b] = channels(color);
  const [tr, tg, tb] = channels(toward);
  return toHex([r + (tr - r) * amount, g + (tg - g) * amount, b + (tb - b) * amount]);
}

/**
 * The least change to `color`, toward black or white, that reaches `ratio` against `against`, with
 * the number of 1% steps it took (Infinity when even black or white falls short).
 */
function shadeReaching(color: string, toward: string, against: string, ratio: number): { color: string; steps: number } {
  for (let step = 0; step <= 100; step++) {
    const shade = mix(color, toward, step / 100);
    if (contrastRatio(shade, against) >= ratio) return { color: shade, steps: step };
  }
  return { color, steps: Number.POSITIVE_INFINITY };
}

/** `color` itself when it already reaches `ratio` against the background, else the nearest shade away from it. */
function shadeAgainst(color: string, background: string, ratio: number): string {
  return shadeReaching(color, luminance(background) > 0.18 ? BLACK : WHITE, background, ratio).color;
}

export interface BrandTheme {
  /** Primary buttons' background: the accent, or the nearest shade where white or near-black text reaches 4.5:1. */
  accent: string;
  /** Text on that background: white or near-black, whichever contrasts more. */
  onAccent: string;
  /** 3:1 against the page: focus rings, progress fills, selected tabs. */
  strong: string;
  /** A primary button's edge: its background when that already stands out 3:1 from the page, else `strong`. */
  edge: string;
  /** 4.5:1 against the page: links and accent-coloured text. */
  text: string;
}

export function brandTheme(accent: string, page = PAGE_BACKGROUND): BrandTheme {
  const color = /^#[0-9a-f]{6}$/i.test(accent) ? accent.toLowerCase() : DEFAULT_ACCENT;
  const onWhite = contrastRatio(color, WHITE);
  const onInk = contrastRatio(color, INK);
  let button = color;
  let onAccent = onWhite >= onInk ? WHITE : INK;
  if (Math.max(onWhite, onInk) < AA_TEXT) {
    // A mid-tone: neither text colour is enough, so the button moves the least it must.
    const darker = shadeReaching(color, BLACK, WHITE, AA_TEXT);
    const lighter = shadeReaching(color, WHITE, INK, AA_TEXT);
    button = darker.steps <= lighter.steps ? darker.color : lighter.color;
    onAccent = darker.steps <= lighter.steps ? WHITE : INK;
  }
  const strong = shadeAgainst(color, page, AA_UI);
  return {
    accent: button,
    onAccent,
    strong,
    edge: contrastRatio(button, page) >= AA_UI ? button : strong,
    text: shadeAgainst(color, page, AA_TEXT),
  };
}

/** The CSS custom properties app/src/ui/theme.css reads, set once on the candidate pages' root element. */
export function themeVariables(theme: BrandTheme): Record<string, string> {
  return {
    '--hf-accent': theme.accent,
    '--hf-on-accent': theme.onAccent,
    '--hf-accent-strong': theme.strong,
    '--hf-accent-edge': theme.edge,
    '--hf-accent-text': theme.text,
    '--hf-focus': theme.strong,
  };
}
