import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AxeResults } from 'axe-core';
import type { Page } from 'playwright-core';

/** WCAG 2.2 AA, as axe-core tags it: every level-A and level-AA rule up to 2.2. */
const WCAG_22_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] as const;

/** axe-core's minified bundle, as the text a page evaluates (a third of the size of `axe.source`). */
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeNode {
  target: unknown[];
  html: string;
  failureSummary?: string;
}

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  nodes: AxeNode[];
}

/**
 * Runs axe-core in the page against WCAG 2.2 AA and returns what it found. The source goes in
 * through the DevTools protocol (page.evaluate), which the page's Content-Security-Policy does not
 * govern, so the product's CSP stays as it is in production.
 */
async function axeViolations(page: Page): Promise<AxeViolation[]> {
  const present = await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe === 'object');
  if (!present) await page.evaluate(AXE_SOURCE);
  return page.evaluate(
    async (tags) => {
      const axe = (window as unknown as { axe: { run(ctx: Document, options: unknown): Promise<AxeResults> } }).axe;
      const result = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
      return result.violations.map((v) => ({
        id: v.id,
        impact: v.impact ?? null,
        help: v.help,
        helpUrl: v.helpUrl,
        nodes: v.nodes.map((n) => ({ target: n.target, html: n.html, ...(n.failureSummary ? { failureSummary: n.failureSummary } : {}) })),
      }));
    },
    [...WCAG_22_AA],
  );
}

/** One paragraph per rule: what is wrong, where (selectors and the element), and how to fix it. */
function formatViolations(where: string, violations: readonly AxeViolation[]): string {
  return violations
    .map((v) => {
      const nodes = v.nodes
        .slice(0, 6)
        .map((n) => {
          const fix = (n.failureSummary ?? '').split('\n').slice(1).join(' ').replace(/\s+/g, ' ').trim();
          return `    - ${n.target.map(String).join(' >> ')}\n      ${n.html.slice(0, 160)}${fix ? `\n      fix: ${fix.slice(0, 300)}` : ''}`;
        })
        .join('\n');
      const more = v.nodes.length > 6 ? `\n    … and ${v.nodes.length - 6} more` : '';
      return `[${where}] ${v.id} (${v.impact ?? 'n/a'}): ${v.help}\n  ${v.helpUrl}\n${nodes}${more}`;
    })
    .join('\n\n');
}

/** The page's WCAG 2.2 AA violations as it is now, one readable paragraph each: empty when it passes. */
export async function axeFindings(page: Page, where = 'page'): Promise<string[]> {
  return (await axeViolations(page)).map((v) => formatViolations(where, [v]));
}

/**
 * Collects the violations of every page a test visits, so one run lists everything to fix rather
 * than stopping at the first page; `report()` is empty when all of them passed.
 */
export class AxeAudit {
  private readonly found: string[] = [];
  readonly checked: string[] = [];

  async check(page: Page, where: string): Promise<void> {
    const violations = await axeViolations(page);
    this.checked.push(where);
    if (violations.length) this.found.push(formatViolations(where, violations));
  }

  report(): string {
    return this.found.join('\n\n');
  }
}
