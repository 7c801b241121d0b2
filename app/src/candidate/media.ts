import { createSignal } from 'solid-js';

/** The camera/microphone stream, shared by the device check and every recorded question. */
const [stream, setStream] = createSignal<MediaStream | null>(null);

export { stream };

function openMedia(kind: 'video' | 'audio'): Promise<MediaStream> {
  return navigator.mediaDevices.getUserMedia(
    kind === 'video' ? { audio: true, video: { width: { ideal: 640 }, height: { ideal: 480 }, frameRate: { ideal: 24 } } } : { audio: true },
  );
}

export function isLive(s: MediaStream | null, kind: 'video' | 'audio'): s is MediaStream {
  if (!s) return false;
  const tracks = kind === 'video' ? s.getTracks() : s.getAudioTracks();
  return tracks.length > 0 && tracks.every((track) => track.readyState === 'live');
}

/** Returns a live stream, asking again for the devices if capture died (a lock screen, a call). */
export async function ensureStream(kind: 'video' | 'audio'): Promise<MediaStream> {
  const current = stream();
  if (isLive(current, kind) && (kind === 'audio' || current.getVideoTracks().length > 0)) return current;
  for (const track of current?.getTracks() ?? []) track.stop();
  const fresh = await openMedia(kind);
  setStream(fresh);
  return fresh;
}

export function releaseStream(): void {
  for (const track of stream()?.getTracks() ?? []) track.stop();
  setStream(null);
}
