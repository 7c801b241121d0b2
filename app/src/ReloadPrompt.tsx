import { useRegisterSW } from 'virtual:pwa-register/solid';
import { Show } from 'solid-js';
import { Banner, Button } from './ui/components';

/** Registers the service worker and offers a reload when a new version is waiting. */
export function ReloadPrompt() {
  const {
    needRefresh: [needRefresh, setNeedRefresh],
    updateServiceWorker,
  } = useRegisterSW({ immediate: true });
  return (
    <Show when={needRefresh()}>
      <div class="hf-reload-prompt">
        <Banner tone="info" live>
          <span>A new version of Holdfast is ready.</span>
          <Button onClick={() => void updateServiceWorker(true)}>Reload to update</Button>
          <Button variant="quiet" onClick={() => setNeedRefresh(false)}>
            Later
          </Button>
        </Banner>
      </div>
    </Show>
  );
}
