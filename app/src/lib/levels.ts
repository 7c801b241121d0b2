/**
 * Sound levels of the microphone: the device check's meter, and the level series a recording
 * sends with each segment's finish so the reviewer's analysis can tell speaking time and long
 * silences (worker/analysis/speech.ts) without the server ever decoding audio.
 */

import { peakLevel } from '../../../worker/analysis/speech';
import type { SpeechLevels } from '../../../worker/schemas/analysis';
import { MIN_LEVEL_INTERVAL_MS } from '../../../worker/schemas/limits';

export { peakLevel };

const INTERVAL_MS = Math.max(MIN_LEVEL_INTERVAL_MS, 100);

/**
 * Meters a stream's audio while a segment records: one peak level per 100 ms. Metering is a
 * nicety; if the browser refuses an AudioContext the recording goes on and sends no levels.
 */
export class LevelRecorder {
  private audio: AudioContext | null = null;
  private timer: ReturnType<typeof setInterval> | undefined;
  private readonly levels: number[] = [];

  start(stream: MediaStream): void {
    if (stream.getAudioTracks().length === 0 || typeof AudioContext === 'undefined') return;
    try {
      const audio = new AudioContext();
      const analyser = audio.createAnalyser();
      analyser.fftSize = 2048;
      audio.createMediaStreamSource(stream).connect(analyser);
      const samples = new Uint8Array(analyser.fftSize);
      this.audio = audio;
      this.timer = setInterval(() => {
        analyser.getByteTimeDomainData(samples);
        this.levels.push(peakLevel(samples));
      }, INTERVAL_MS);
    } catch {
      this.audio = null;
    }
  }

  /** The series so far, or undefined when nothing was metered. */
  stop(): SpeechLevels | undefined {
    clearInterval(this.timer);
    void this.audio?.close().catch(() => undefined);
    const metered = this.audio !== null && this.levels.length > 0;
    this.audio = null;
    return metered ? { intervalMs: INTERVAL_MS, levels: [...this.levels] } : undefined;
  }
}
