import { For, Show } from 'solid-js';
import type { ScaleDimension } from './review';

const BAR_HEIGHT = 18;
const ROW_HEIGHT = 28;
const LABEL_WIDTH = 140;
const BAR_WIDTH = 220;
const VALUE_WIDTH = 64;

/**
 * A trait or scenario profile as horizontal bars, each the share of its maximum. The chart is
 * hidden from screen readers, which get the same numbers as a table instead.
 */
export function ScaleProfile(props: { profile: ScaleDimension[]; title: string }) {
  const share = (d: ScaleDimension) => (d.max > 0 ? Math.max(0, Math.min(1, d.score / d.max)) : 0);
  const height = () => props.profile.length * ROW_HEIGHT;
  return (
    <Show when={props.profile.length > 0}>
      <figure style={{ margin: 0 }}>
        <figcaption class="hf-label">{props.title}</figcaption>
        <svg
          aria-hidden="true"
          viewBox={`0 0 ${LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH} ${height()}`}
          style={{ width: '100%', 'max-width': '28rem', height: 'auto', display: 'block' }}
        >
          <For each={props.profile}>
            {(d, i) => (
              <g transform={`translate(0 ${i() * ROW_HEIGHT})`}>
                <text x={LABEL_WIDTH - 8} y={BAR_HEIGHT - 4} text-anchor="end" font-size="13" fill="currentColor">
                  {d.label}
                </text>
                <rect x={LABEL_WIDTH} y={0} width={BAR_WIDTH} height={BAR_HEIGHT} rx={4} fill="var(--hf-teal-100)" />
                <rect x={LABEL_WIDTH} y={0} width={BAR_WIDTH * share(d)} height={BAR_HEIGHT} rx={4} fill="var(--hf-teal-700)" />
                <text x={LABEL_WIDTH + BAR_WIDTH + 8} y={BAR_HEIGHT - 4} font-size="13" fill="currentColor">
                  {d.score} / {d.max}
                </text>
              </g>
            )}
          </For>
        </svg>
        <table class="hf-visually-hidden">
          <caption>{props.title}</caption>
          <thead>
            <tr>
              <th scope="col">Trait</th>
              <th scope="col">Score</th>
              <th scope="col">Maximum</th>
            </tr>
          </thead>
          <tbody>
            <For each={props.profile}>
              {(d) => (
                <tr>
                  <th scope="row">{d.label}</th>
                  <td>{d.score}</td>
                  <td>{d.max}</td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </figure>
    </Show>
  );
}
