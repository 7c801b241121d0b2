import { createSignal, onCleanup, onMount, Show } from 'solid-js';
import { deviceApi } from '../lib/api';
import { peakLevel } from '../lib/levels';
import { Banner, Button } from '../ui/components';
import { ensureStream } from './media';
import { t } from './messages';

/** Camera and microphone preview with a level meter, whether the browser records, network and storage. */
export function DeviceCheck(props: { kind: 'video' | 'audio'; onReady: () => void; actions: import('solid-js').JSX.Element }) {
  let video: HTMLVideoElement | undefined;
  const [level, setLevel] = createSignal(0);
  const [error, setError] = createSignal<string | null>(null);
  const [ready, setReady] = createSignal(false);
  const [online, setOnline] = createSignal<boolean | null>(null);
  const [persisted, setPersisted] = createSignal<boolean | null>(null);
  let audio: AudioContext | undefined;
  let frame = 0;

  async function acquire() {
    setError(null);
    try {
      const media = await ensureStream(props.kind);
      if (video) {
        video.srcObject = media;
        await video.play().catch(() => undefined);
      }
      audio = new AudioContext();
      const analyser = audio.createAnalyser();
      analyser.fftSize = 512;
      audio.createMediaStreamSource(media).connect(analyser);
      const samples = new Uint8Array(analyser.fftSize);
      const tick = () => {
        analyser.getByteTimeDomainData(samples);
        setLevel(peakLevel(samples));
        frame = requestAnimationFrame(tick);
      };
      tick();
      setReady(true);
    } catch {
      setError(t.cameraBlocked);
    }
  }

  onMount(() => {
    void acquire();
    // Any error answer (a 503 from a failing check included) throws, as does no answer at all.
    deviceApi()
      .api.health.$get()
      .then(
        () => setOnline(true),
        () => setOnline(false),
      );
    void navigator.storage?.persist?.().then(setPersisted, () => setPersisted(false));
  });
  onCleanup(() => {
    cancelAnimationFrame(frame);
    void audio?.close();
  });

  return (
    <section class="hf-card hf-stack" aria-labelledby="device-check-title">
      <h1 id="device-check-title">{t.deviceCheckTitle}</h1>
      <p>{t.deviceCheckIntro}</p>
      <Show when={props.kind === 'video'}>
        <video ref={video} class="hf-video" muted playsinline aria-label={t.cameraPreview} />
      </Show>
      <div>
        <label for="mic-level" class="hf-label">
          {t.micLevel}
        </label>
        <meter id="mic-level" class="hf-meter" min={0} max={100} low={10} high={85} optimum={40} value={level()} />
      </div>
      <p class="hf-muted">{typeof MediaRecorder === 'undefined' ? t.recordingUnsupported : t.recordingSupported}</p>
      <Show when={online() !== null}>
        <p class="hf-muted">{online() ? t.networkOk : t.networkOffline}</p>
      </Show>
      <Show when={persisted() !== null}>
        <p class="hf-muted">{persisted() ? t.storagePersisted : t.storageNotPersisted}</p>
      </Show>
      <Show when={error()}>
        <Banner tone="error">
          <span>{error()}</span>
          <Button variant="secondary" onClick={() => void acquire()}>
            {t.tryAgain}
          </Button>
        </Banner>
      </Show>
      <div class="hf-row">
        <Button disabled={!ready()} onClick={() => props.onReady()}>
          {t.devicesReady}
        </Button>
        {props.actions}
      </div>
    </section>
  );
}
