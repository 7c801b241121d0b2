/**
 * Speaking time and long silences of a recorded answer, from the sound levels the device metered
 * while recording (app/src/lib/levels.ts). Measured on the device because the server never
 * decodes audio; the same levels drive the device check's meter, so what counts as "heard" is
 * what the candidate saw move.
 */
import type { Span, SpeechLevels, SpeechMeasure } from '../schemas/analysis';

/**
 * The loudest sample of one analyser frame (8-bit, as an AnalyserNode gives them), 0 (silence) to
 * 100 (full scale): the device check's meter and the levels a recording sends.
 */
export function peakLevel(samples: Uint8Array): number {
  let peak = 0;
  for (const s of samples) peak = Math.max(peak, Math.abs(s - 128));
  return Math.min(100, Math.round((peak / 128) * 100));
}

/** A peak at or above this (of 100) is speech; below it, room noise. */
const SPEECH_LEVEL = 8;
/** A pause at least this long is reported as a silence. */
const LONG_SILENCE_MS = 3_000;

export function measureSpeech(levels: SpeechLevels, offsetMs = 0): SpeechMeasure {
  const { intervalMs } = levels;
  let speakingMs = 0;
  const silences: Span[] = [];
  let quietFrom: number | null = null;
  const closeQuiet = (endIndex: number) => {
    if (quietFrom === null) return;
    const startMs = quietFrom * intervalMs;
    const endMs = endIndex * intervalMs;
    if (endMs - startMs >= LONG_SILENCE_MS) silences.push({ startMs: offsetMs + startMs, endMs: offsetMs + endMs });
    quietFrom = null;
  };
  levels.levels.forEach((level, index) => {
    if (level >= SPEECH_LEVEL) {
      speakingMs += intervalMs;
      closeQuiet(index);
    } else if (quietFrom === null) {
      quietFrom = index;
    }
  });
  closeQuiet(levels.levels.length);
  return { speakingMs, measuredMs: levels.levels.length * intervalMs, silences };
}

/** One take's measure from its segments' in order; each segment's silences shifted by the take's time before it. */
export function measureTake(segments: readonly { levels: SpeechLevels | null; durationMs: number }[]): SpeechMeasure | null {
  if (segments.length === 0 || segments.some((s) => s.levels === null)) return null;
  let offset = 0;
  const total: SpeechMeasure = { speakingMs: 0, measuredMs: 0, silences: [] };
  for (const segment of segments) {
    const m = measureSpeech(segment.levels as SpeechLevels, offset);
    total.speakingMs += m.speakingMs;
    total.measuredMs += m.measuredMs;
    total.silences.push(...m.silences);
    offset += segment.durationMs;
  }
  return total;
}
