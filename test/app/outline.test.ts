import { describe, expect, it } from 'vitest';
import { t } from '../../app/src/candidate/messages';
import { interviewOutline, questionSeconds } from '../../worker/schemas/outline';

const video = (thinkTimeSeconds: number, maxAnswerSeconds: number) => ({ type: 'video' as const, thinkTimeSeconds, maxAnswerSeconds });

describe("the intro's outline: what is coming, how long it takes, what is needed", () => {
  it('counts a recorded question at its think time plus its maximum length, and estimates the others', () => {
    expect(questionSeconds(video(30, 120))).toBe(150);
    expect(questionSeconds({ type: 'audio', thinkTimeSeconds: 0, maxAnswerSeconds: 60 })).toBe(60);
    expect(questionSeconds({ type: 'text', wordLimit: 100 })).toBe(300);
    expect(questionSeconds({ type: 'text', wordLimit: 5 })).toBe(60);
    expect(questionSeconds({ type: 'text', wordLimit: 5000 })).toBe(1800);
    expect(questionSeconds({ type: 'text', wordLimit: null })).toBe(300);
    expect(questionSeconds({ type: 'choice', options: [1, 2, 3, 4] })).toBe(40);
    expect(questionSeconds({ type: 'scale', items: [1, 2, 3, 4, 5] })).toBe(60);
    expect(questionSeconds({ type: 'code' })).toBe(900);
  });

  it('sums the questions into whole minutes, rounded up, with counts in order of first appearance', () => {
    const outline = interviewOutline([
      video(30, 120),
      { type: 'text', wordLimit: 100 },
      video(0, 60),
      { type: 'choice', options: [1, 2] },
      video(10, 90),
      { type: 'audio', thinkTimeSeconds: 5, maxAnswerSeconds: 30 },
    ]);
    expect(outline.counts).toEqual([
      { type: 'video', count: 3 },
      { type: 'text', count: 1 },
      { type: 'choice', count: 1 },
      { type: 'audio', count: 1 },
    ]);
    // 150 + 300 + 60 + 30 + 100 + 35 = 675 s: 11.25 minutes.
    expect(outline.estimatedMinutes).toBe(12);
    expect(outline.needs).toEqual(['camera', 'microphone']);
  });

  it('asks for a camera only for video, a microphone for audio, a keyboard for code', () => {
    expect(interviewOutline([{ type: 'audio', thinkTimeSeconds: 0, maxAnswerSeconds: 60 }]).needs).toEqual(['microphone']);
    expect(interviewOutline([{ type: 'code' }, { type: 'text', wordLimit: null }]).needs).toEqual(['keyboard']);
    expect(interviewOutline([{ type: 'choice', options: [1, 2] }])).toEqual({ counts: [{ type: 'choice', count: 1 }], estimatedMinutes: 1, needs: [] });
  });

  it('says it in words with plurals from Intl', () => {
    expect(
      t.questionCounts([
        { type: 'video', count: 3 },
        { type: 'text', count: 1 },
        { type: 'choice', count: 1 },
      ]),
    ).toBe('3 video questions, 1 written answer, 1 multiple-choice question');
    expect(t.estimatedTime(1)).toBe('About 1 minute in all');
    expect(t.estimatedTime(12)).toBe('About 12 minutes in all');
    expect(t.estimatedTime(65)).toBe('About 1 hour, 5 minutes in all');
    expect(t.youNeed(['camera', 'microphone'])).toBe('You need a camera and a microphone.');
    expect(t.limitThinkTime(30)).toBe('Think time: 30 seconds');
    expect(t.limitMaxLength(120)).toBe('Maximum length: 2 minutes');
    expect(t.limitAttempts(1)).toBe('One attempt: no retake');
  });
});
