import { useRegisterSW } from 'virtual:pwa-register/solid';
import { Show } from 'solid-js';
import { useCandidateText } from './candidate/frame-text';
import { Banner, Button } from './ui/components';

/** Registers the service worker and offers a reload when a new version is waiting. */
export function ReloadPrompt() {
  const {
    needRefresh: [needRefresh, setNeedRefresh],
    updateServiceWorker,
  } = useRegisterSW({ immediate: true });
  const text = useCandidateText();
  return (
    <Show when={needRefresh()}>
      <div class="hf-reload-prompt">
        <Banner tone="info" live>
          <span>{text('updateReady', 'A new version of Holdfast is ready.')}</span>
          <Button onClick={() => void updateServiceWorker(true)}>{text('updateReload', 'Reload to update')}</Button>
          <Button variant="quiet" onClick={() => setNeedRefresh(false)}>
            {text('updateLater', 'Later')}
          </Button>
        </Banner>
      </div>
    </Show>
  );
}
