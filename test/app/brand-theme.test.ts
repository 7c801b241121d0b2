import { describe, expect, it } from 'vitest';
import { brandTheme, contrastRatio, DEFAULT_ACCENT, luminance, PAGE_BACKGROUND, themeVariables } from '../../worker/schemas/brand-theme';

describe('contrast as WCAG 2.x computes it', () => {
  it('matches known luminances and ratios', () => {
    expect(luminance('#ffffff')).toBe(1);
    expect(luminance('#000000')).toBe(0);
    expect(luminance('#808080')).toBeCloseTo(0.2159, 4);
    expect(contrastRatio('#ffffff', '#000000')).toBe(21);
    expect(contrastRatio('#000000', '#ffffff')).toBe(21);
    // The lightest grey that passes on white, and the one just past it.
    expect(contrastRatio('#767676', '#ffffff')).toBeCloseTo(4.54, 2);
    expect(contrastRatio('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
    expect(contrastRatio('#ff0000', '#ffffff')).toBeCloseTo(4.0, 2);
    expect(contrastRatio('#0000ff', '#ffffff')).toBeCloseTo(8.59, 2);
    expect(contrastRatio('#2563eb', '#2563eb')).toBe(1);
  });
});

describe('an accent made into an AA theme', () => {
  it('keeps a dark accent as it is, with white text', () => {
    const theme = brandTheme(DEFAULT_ACCENT);
    expect(theme).toEqual({ accent: '#0f5c63', onAccent: '#ffffff', strong: '#0f5c63', edge: '#0f5c63', text: '#0f5c63' });
  });

  it('puts near-black text on a light accent, and darkens only its rings, edges and links', () => {
    const theme = brandTheme('#FFE066');
    expect(theme.accent).toBe('#ffe066');
    expect(theme.onAccent).toBe('#1b1f23');
    expect(contrastRatio(theme.accent, theme.onAccent)).toBeGreaterThanOrEqual(4.5);
    expect(contrastRatio('#ffe066', PAGE_BACKGROUND)).toBeLessThan(3);
    expect(contrastRatio(theme.strong, PAGE_BACKGROUND)).toBeGreaterThanOrEqual(3);
    expect(contrastRatio(theme.strong, '#ffffff')).toBeGreaterThanOrEqual(3);
    // The nearest shade that passes, not black: one step less would fail.
    expect(contrastRatio(theme.strong, PAGE_BACKGROUND)).toBeLessThan(3.1);
    expect(theme.edge).toBe(theme.strong);
    expect(contrastRatio(theme.text, PAGE_BACKGROUND)).toBeGreaterThanOrEqual(4.5);
  });

  it('moves a mid-tone button to the nearest shade where its text reaches 4.5:1', () => {
    // Pure red reaches 4.0 with white and 4.15 with near-black: neither is enough.
    expect(contrastRatio('#ff0000', '#ffffff')).toBeLessThan(4.5);
    expect(contrastRatio('#ff0000', '#1b1f23')).toBeLessThan(4.5);
    const theme = brandTheme('#ff0000');
    expect(theme.accent).not.toBe('#ff0000');
    expect(theme.onAccent).toBe('#ffffff');
    expect(contrastRatio(theme.accent, theme.onAccent)).toBeGreaterThanOrEqual(4.5);
    expect(contrastRatio(theme.accent, theme.onAccent)).toBeLessThan(4.7);
    // Red itself stands out 3:1 from the page: rings stay red.
    expect(theme.strong).toBe('#ff0000');
  });

  it('gives every accent AA text on its buttons and 3:1 rings on the page', () => {
    for (let i = 0; i < 400; i++) {
      const accent = `#${((i * 2654435761) >>> 8).toString(16).padStart(6, '0').slice(-6)}`;
      const theme = brandTheme(accent);
      expect(contrastRatio(theme.accent, theme.onAccent), accent).toBeGreaterThanOrEqual(4.5);
      expect(contrastRatio(theme.strong, PAGE_BACKGROUND), accent).toBeGreaterThanOrEqual(3);
      expect(contrastRatio(theme.edge, PAGE_BACKGROUND), accent).toBeGreaterThanOrEqual(3);
      expect(contrastRatio(theme.text, PAGE_BACKGROUND), accent).toBeGreaterThanOrEqual(4.5);
    }
  });

  it('falls back to the default accent for anything that is not #rrggbb', () => {
    expect(brandTheme('teal')).toEqual(brandTheme(DEFAULT_ACCENT));
  });

  it('names the CSS custom properties the stylesheet reads', () => {
    expect(themeVariables(brandTheme('#ffe066'))).toMatchObject({ '--hf-accent': '#ffe066', '--hf-on-accent': '#1b1f23', '--hf-focus': brandTheme('#ffe066').strong });
  });
});
