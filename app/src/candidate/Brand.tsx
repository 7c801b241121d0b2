import { createEffect, createRenderEffect, onCleanup, Show } from 'solid-js';
import { brandTheme, themeVariables } from '../../../worker/schemas/brand-theme';
import type { Branding } from '../../../worker/schemas/candidate';
import { keepLogo } from '../lib/offline-caches';
import { t } from './messages';

/**
 * The organization's accent as the page's theme: CSS custom properties on <html>, read by
 * app/src/ui/theme.css. A page the Worker renders sets the same properties from the same function.
 */
export function useBrandTheme(branding: () => Branding) {
  const root = document.documentElement;
  let names: string[] = [];
  createRenderEffect(() => {
    const variables = themeVariables(brandTheme(branding().accentColor));
    names = Object.keys(variables);
    for (const [name, value] of Object.entries(variables)) root.style.setProperty(name, value);
  });
  onCleanup(() => {
    for (const name of names) root.style.removeProperty(name);
  });
}

/** The organization's logo and name at the top of every candidate page, in its theme. */
export function BrandHeader(props: { branding: Branding }) {
  useBrandTheme(() => props.branding);
  createEffect(() => {
    const url = props.branding.logoUrl;
    if (url) void keepLogo(url);
  });
  return (
    <header class="hf-brand-header">
      <p>{props.branding.orgName}</p>
      <Show when={props.branding.logoUrl}>{(url) => <img src={url()} alt={t.logoAlt(props.branding.orgName)} />}</Show>
    </header>
  );
}
