import { For, Show } from 'solid-js';
import { AA_TEXT, AA_UI, brandTheme, contrastRatio, PAGE_BACKGROUND, themeVariables } from '../../../worker/schemas/brand-theme';
import { Banner } from '../ui/components';

const ratio = (a: string, b: string) => `${(Math.floor(contrastRatio(a, b) * 10) / 10).toFixed(1)}:1`;
const textName = (color: string) => (color === '#ffffff' ? 'white' : 'near-black');

/**
 * What candidates will see of an accent: a sample button in the theme their pages get, and a
 * warning naming each colour that had to change to keep WCAG AA contrast.
 */
export function AccentPreview(props: { accent: string }) {
  const theme = () => brandTheme(props.accent);
  const changes = () => {
    const accent = props.accent.toLowerCase();
    const th = theme();
    const out: string[] = [];
    if (th.accent !== accent) out.push(`Buttons: ${th.accent} with ${textName(th.onAccent)} text, because neither white nor near-black text reaches ${AA_TEXT}:1 on ${accent}.`);
    if (th.strong !== accent)
      out.push(`Focus rings, borders and progress: ${th.strong}, because ${accent} has only ${ratio(accent, PAGE_BACKGROUND)} against the page (${AA_UI}:1 is needed).`);
    if (th.text !== accent) out.push(`Links: ${th.text}, which reaches ${AA_TEXT}:1 against the page.`);
    return out;
  };
  return (
    <div class="hf-stack">
      <Show when={changes().length > 0}>
        <Banner tone="warning" live>
          <div>
            <p>{props.accent.toLowerCase()} cannot be used as it is with AA contrast. Candidates will see instead:</p>
            <ul>
              <For each={changes()}>{(change) => <li>{change}</li>}</For>
            </ul>
          </div>
        </Banner>
      </Show>
      <figure class="hf-brand-preview" style={themeVariables(theme())}>
        <figcaption class="hf-visually-hidden">Button preview</figcaption>
        <span class="hf-button">Start interview</span>
        <span class="hf-button" style={{ outline: '3px solid var(--hf-focus)', 'outline-offset': '2px' }}>
          Focused
        </span>
        <span class="hf-muted">
          Text on buttons: {textName(theme().onAccent)}, {ratio(theme().accent, theme().onAccent)} contrast
        </span>
      </figure>
    </div>
  );
}
