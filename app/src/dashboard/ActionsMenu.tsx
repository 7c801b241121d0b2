import { A } from '@solidjs/router';
import { createSignal, createUniqueId, For, onCleanup, Show } from 'solid-js';

export type MenuAction = { label: string; onSelect: () => void } | { label: string; href: string };

/**
 * A button that opens a menu of actions (the WAI-ARIA menu button pattern): Enter, Space or ↓
 * open it on the first item, ↑ on the last; arrows, Home and End move; Escape closes it and
 * returns to the button; Tab or a click elsewhere closes it. The menu is fixed to the viewport,
 * so a table that scrolls sideways does not clip it.
 */
export function ActionsMenu(props: { label: string; items: MenuAction[] }) {
  const id = createUniqueId();
  const [open, setOpen] = createSignal(false);
  const [position, setPosition] = createSignal<{ top?: string; bottom?: string; right: string }>({ right: '0' });
  let button: HTMLButtonElement | undefined;
  let menu: HTMLDivElement | undefined;
  const items = () => [...(menu?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
  // The menu is fixed to the viewport: focusing an item must not scroll the table it sits in.
  const focusItem = (index: number) => {
    const all = items();
    all[(index + all.length) % all.length]?.focus({ preventScroll: true });
  };

  const onOutside = (event: Event) => {
    if (!menu?.contains(event.target as Node) && !button?.contains(event.target as Node)) close(false);
  };
  /** Where the button was when the menu opened: the menu is placed from it. */
  let openedAt: { top: number; left: number } | undefined;
  /**
   * A scroll or resize that moves the button leaves the menu in the wrong place, so it closes;
   * one that does not (another container, or a table whose width changed with a live update at
   * the moment it opened) keeps it open.
   */
  const onViewportChange = () => {
    const rect = button?.getBoundingClientRect();
    if (!rect || !openedAt || Math.abs(rect.top - openedAt.top) > 1 || Math.abs(rect.left - openedAt.left) > 1) close(false);
  };
  function close(returnFocus: boolean) {
    if (!open()) return;
    setOpen(false);
    document.removeEventListener('pointerdown', onOutside, true);
    window.removeEventListener('resize', onViewportChange);
    window.removeEventListener('scroll', onViewportChange, true);
    if (returnFocus) button?.focus();
  }
  function show(focus: 'first' | 'last') {
    if (!button) return;
    const rect = button.getBoundingClientRect();
    openedAt = { top: rect.top, left: rect.left };
    const right = `${Math.max(8, document.documentElement.clientWidth - rect.right)}px`;
    // Below the button when it fits (items are about 3rem each), else above it.
    const fitsBelow = rect.bottom + props.items.length * 48 + 16 <= window.innerHeight;
    setPosition(fitsBelow ? { top: `${rect.bottom + 4}px`, right } : { bottom: `${window.innerHeight - rect.top + 4}px`, right });
    setOpen(true);
    document.addEventListener('pointerdown', onOutside, true);
    window.addEventListener('resize', onViewportChange);
    window.addEventListener('scroll', onViewportChange, true);
    queueMicrotask(() => focusItem(focus === 'first' ? 0 : -1));
  }
  onCleanup(() => close(false));

  const onMenuKey = (event: KeyboardEvent) => {
    const all = items();
    const at = all.indexOf(document.activeElement as HTMLElement);
    const moves: Record<string, number> = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: all.length - 1 };
    const to = moves[event.key];
    if (to !== undefined) {
      event.preventDefault();
      focusItem(to);
    } else if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      close(true);
    } else if (event.key === 'Tab') {
      close(false);
    }
  };
  const select = (action: MenuAction) => {
    close(true);
    if ('onSelect' in action) action.onSelect();
  };

  return (
    <>
      <button
        type="button"
        ref={button}
        id={`${id}-button`}
        class="hf-actions-button"
        aria-haspopup="menu"
        aria-expanded={open()}
        aria-controls={open() ? `${id}-menu` : undefined}
        onClick={() => (open() ? close(false) : show('first'))}
        onKeyDown={(event) => {
          if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
            event.preventDefault();
            show(event.key === 'ArrowDown' ? 'first' : 'last');
          }
        }}
      >
        <span aria-hidden="true">⋯</span>
        <span class="hf-visually-hidden">{props.label}</span>
      </button>
      <Show when={open()}>
        <div ref={menu} id={`${id}-menu`} role="menu" aria-labelledby={`${id}-button`} class="hf-actions-menu" style={position()} onKeyDown={onMenuKey}>
          <For each={props.items}>
            {(action) =>
              'href' in action ? (
                <A role="menuitem" tabIndex={-1} class="hf-actions-menu__item" href={action.href} onClick={() => close(false)}>
                  {action.label}
                </A>
              ) : (
                <button type="button" role="menuitem" tabIndex={-1} class="hf-actions-menu__item" onClick={() => select(action)}>
                  {action.label}
                </button>
              )
            }
          </For>
        </div>
      </Show>
    </>
  );
}
