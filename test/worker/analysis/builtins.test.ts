/** The analyzers that need no model, exact on fixtures. */
import { describe, expect, it } from 'vitest';
import { audioOnly } from '../../../worker/analysis/audio';
import { builtinResults } from '../../../worker/analysis/builtins';
import { measureSpeech, measureTake } from '../../../worker/analysis/speech';
import { WebmTimeline } from '../../../worker/media/webm';
import type { ReviewMaterial } from '../../../worker/review/material';
import type { SnapshotQuestion } from '../../../worker/schemas/interviews';
import { concatBytes, webmFixture } from '../support/recording-fixture';
import { SILENT_LEVELS, SPOKEN_LEVELS } from './analysis-support';

describe('speaking time and long silences, from the levels the device sends', () => {
  it('counts speech above the threshold and reports each quiet stretch of 3 s or more', () => {
    expect(measureSpeech(SPOKEN_LEVELS)).toEqual({
      speakingMs: 4_000,
      measuredMs: 13_500,
      silences: [
        { startMs: 1_000, endMs: 4_500 },
        { startMs: 9_500, endMs: 13_500 },
      ],
    });
  });

  it('finds no speech in a silent recording: the whole of it is one silence', () => {
    expect(measureSpeech(SILENT_LEVELS)).toEqual({ speakingMs: 0, measuredMs: 5_000, silences: [{ startMs: 0, endMs: 5_000 }] });
  });

  it('places a later segment’s silences after the earlier segments of the take', () => {
    const take = measureTake([
      { levels: SPOKEN_LEVELS, durationMs: 13_500 },
      { levels: SILENT_LEVELS, durationMs: 5_000 },
    ]);
    expect(take).toEqual({
      speakingMs: 4_000,
      measuredMs: 18_500,
      silences: [
        { startMs: 1_000, endMs: 4_500 },
        { startMs: 9_500, endMs: 13_500 },
        { startMs: 13_500, endMs: 18_500 },
      ],
    });
  });

  it('says nothing when a segment came without levels (an older device)', () => {
    expect(
      measureTake([
        { levels: SPOKEN_LEVELS, durationMs: 1 },
        { levels: null, durationMs: 1 },
      ]),
    ).toBeNull();
  });
});

const common = { tags: [], prompt: 'p' };
const QUESTIONS: SnapshotQuestion[] = [
  { id: 'v', type: 'video', title: 'Video', ...common, thinkTimeSeconds: 0, maxAnswerSeconds: 60, attempts: 3, mayReviewTake: true },
  { id: 't', type: 'text', title: 'Text', ...common, wordLimit: null },
  {
    id: 'c',
    type: 'choice',
    title: 'Choice',
    ...common,
    mode: 'single',
    options: [
      { id: 'a', label: 'A' },
      { id: 'b', label: 'B' },
    ],
    correctOptionIds: ['a'],
    points: 3,
  },
  {
    id: 's',
    type: 'scale',
    title: 'Scale',
    ...common,
    keyedTo: 'scenario',
    steps: 5,
    anchors: { low: 'never', high: 'always' },
    items: [
      { id: 'i1', statement: 'x', trait: 'Calm', reverse: false },
      { id: 'i2', statement: 'y', trait: 'Calm', reverse: true },
      { id: 'i3', statement: 'z', trait: 'Bold', reverse: false },
    ],
  },
  { id: 'k', type: 'code', title: 'Code', ...common, language: 'python', starterCode: '', tests: [] },
];

const segment = (segmentId: string, durationMs: number) => ({
  answerId: 'v',
  segmentId,
  mimeType: 'video/webm',
  state: 'finalized' as const,
  chunks: [],
  chunkCount: 1,
  recording: { size: 1, durationMs, durationSource: 'media' as const, claimedDurationMs: durationMs, flags: [], finalizedAt: 0 },
});

const MATERIAL: ReviewMaterial = {
  questions: QUESTIONS,
  answers: {
    v: { value: { recording: { segments: ['s2', 's3'] } }, answeredAt: 1_060_000 },
    t: { value: 'Some words here', answeredAt: 1_100_000 },
    c: { value: ['b'], answeredAt: 1_130_000 },
    s: { value: { i1: 4, i2: 2, i3: 5 }, answeredAt: 1_200_000 },
    k: { value: { code: 'print(1)' }, answeredAt: 1_500_000 },
  },
  manifest: { segments: [segment('s1', 9_000), segment('s2', 13_500), segment('s3', 5_000)] },
  disconnects: [
    { startedAt: 1_070_000, endedAt: 1_090_000 },
    { startedAt: 1_300_000, endedAt: 1_345_000 },
    // After completing: closing the tab is not time away.
    { startedAt: 1_600_000, endedAt: null },
  ],
  finishedLaterAt: null,
  completedAt: 1_550_000,
};

describe('built-in results of a session', () => {
  it('gives choice points, the scale profile, code tests, durations, retakes, speech and time away exactly', () => {
    const codeTests = [{ questionId: 'k', title: 'Code', passed: 2, total: 3, ranAt: 1_560_000 }];
    const result = builtinResults({
      sessionId: 'x',
      material: MATERIAL,
      startedAt: 1_000_000,
      levels: new Map([
        ['s2', SPOKEN_LEVELS],
        ['s3', SILENT_LEVELS],
      ]),
      codeTests,
    });
    expect(result).toEqual({
      choice: [{ questionId: 'c', title: 'Choice', points: 0, maxPoints: 3 }],
      // Calm 4 + (6 - 2) = 8 of 10, Bold 5 of 5.
      scaleProfile: [
        { key: 'calm', label: 'Calm', score: 8, max: 10 },
        { key: 'bold', label: 'Bold', score: 5, max: 5 },
      ],
      codeTests,
      answers: [
        {
          questionId: 'v',
          title: 'Video',
          type: 'video',
          timeTakenMs: 60_000,
          recordedMs: 18_500,
          retakesUsed: 1,
          attemptsAllowed: 3,
          speech: {
            speakingMs: 4_000,
            measuredMs: 18_500,
            silences: [
              { startMs: 1_000, endMs: 4_500 },
              { startMs: 9_500, endMs: 13_500 },
              { startMs: 13_500, endMs: 18_500 },
            ],
          },
        },
        { questionId: 't', title: 'Text', type: 'text', timeTakenMs: 40_000, recordedMs: null, retakesUsed: null, attemptsAllowed: null, speech: null },
        { questionId: 'c', title: 'Choice', type: 'choice', timeTakenMs: 30_000, recordedMs: null, retakesUsed: null, attemptsAllowed: null, speech: null },
        { questionId: 's', title: 'Scale', type: 'scale', timeTakenMs: 70_000, recordedMs: null, retakesUsed: null, attemptsAllowed: null, speech: null },
        { questionId: 'k', title: 'Code', type: 'code', timeTakenMs: 300_000, recordedMs: null, retakesUsed: null, attemptsAllowed: null, speech: null },
      ],
      timeAwayMs: 65_000,
      disconnects: 2,
    });
  });
});

describe('the audio a transcriber is sent of a video answer', () => {
  it('keeps the audio track and its blocks, and no video frame', () => {
    const video = concatBytes(webmFixture.chunks.map((c) => c.bytes));
    const audio = audioOnly(video);
    expect(audio).not.toBeNull();
    if (!audio) return;
    expect(audio.length).toBeLessThan(video.length / 2);
    const timeline = new WebmTimeline();
    timeline.push(audio);
    const measured = timeline.result();
    expect(measured.malformedAt).toBeNull();
    expect(measured.blocks).toBeGreaterThan(100);
    // Opus at 20 ms a frame: the audio still runs the recording's length.
    expect(Math.abs((measured.durationMs ?? 0) - webmFixture.realDurationMs)).toBeLessThan(100);
    // The fixture's video track is track 1 (VP8): no block of it is left.
    expect(new TextDecoder('latin1').decode(audio)).not.toContain('V_VP8');
  });
});
