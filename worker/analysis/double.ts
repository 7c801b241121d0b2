/**
 * The recorded-response double of the Workers AI binding, for tests and the development server
 * only (chooseProvider ignores it unless ENVIRONMENT is development). It stands exactly where the
 * binding stands: `run(model, input)` answering in the shapes Workers AI answers in.
 *
 * - Speech to text answers one recorded Whisper large v3 turbo response, whatever the audio.
 * - The assessment model is played by a rule: a criterion is met when at least half of its
 *   content words (by their first five letters) appear in one sentence of the answer, partly when
 *   some do, not met otherwise; the evidence is that sentence, copied exactly. An answer holding
 *   `[double:malformed]` gets prose instead of JSON every time, `[double:malformed-once]` the
 *   first time only.
 */
import type { AiRunner } from './ai-runner';

/** A Whisper large v3 turbo response, as recorded (the fields analysis reads, and a few it does not). */
const RECORDED_TRANSCRIPTION = {
  text: 'I led the migration of our billing system to a new database. First I measured where the time went, then we moved one service at a time. We kept both systems running until the numbers matched. The result was a forty percent faster checkout.',
  word_count: 47,
  transcription_info: { language: 'en', language_probability: 0.99, duration: 19.4, duration_after_vad: 17.9 },
  segments: [
    { start: 0.0, end: 4.2, text: ' I led the migration of our billing system to a new database.', no_speech_prob: 0.01 },
    { start: 4.2, end: 9.6, text: ' First I measured where the time went, then we moved one service at a time.', no_speech_prob: 0.01 },
    { start: 12.4, end: 15.8, text: ' We kept both systems running until the numbers matched.', no_speech_prob: 0.02 },
    { start: 15.8, end: 19.4, text: ' The result was a forty percent faster checkout.', no_speech_prob: 0.01 },
  ],
};

const STOP = new Set(['that', 'this', 'with', 'from', 'what', 'when', 'were', 'they', 'them', 'their', 'have', 'about', 'which', 'answer', 'candidate']);
const stems = (text: string) => new Set((text.toLowerCase().match(/[a-z]+/g) ?? []).filter((w) => w.length >= 4 && !STOP.has(w)).map((w) => w.slice(0, 5)));

const sentencesOf = (text: string) =>
  text
    .split(/(?<=[.!?\n])\s+/)
    .map((s) => s.trim())
    .filter(Boolean);

function assess(message: string): unknown {
  const criteria = [...(message.split('\nCriteria:\n')[1]?.split('\n\n')[0] ?? '').matchAll(/^(\d+)\. (.*)$/gm)].map((m) => ({ index: Number(m[1]), text: m[2] ?? '' }));
  const answer = message.split('<<<\n')[1]?.split('\n>>>')[0] ?? '';
  const sentences = sentencesOf(answer);
  if (answer.trim().split(/\s+/).length < 5) return { insufficientData: true, criteria: [], summary: 'The answer is too short to judge.' };
  return {
    insufficientData: false,
    criteria: criteria.map(({ index, text }) => {
      const wanted = stems(text);
      let best = { hits: 0, sentence: '' };
      for (const sentence of sentences) {
        const have = stems(sentence);
        const hits = [...wanted].filter((w) => have.has(w)).length;
        if (hits > best.hits) best = { hits, sentence };
      }
      const verdict = wanted.size > 0 && best.hits * 2 >= wanted.size ? 'met' : best.hits > 0 ? 'partly' : 'not_met';
      return { index, verdict, evidence: best.sentence };
    }),
    summary: 'Assessed by the recorded double.',
  };
}

export function recordedAi(): AiRunner {
  const seen = new Set<string>();
  return {
    async run(model, input) {
      if (model.includes('whisper')) return structuredClone(RECORDED_TRANSCRIPTION);
      const messages = (input.messages ?? []) as { role: string; content: string }[];
      const user = messages.find((m) => m.role === 'user')?.content ?? '';
      if (user.includes('[double:malformed]')) return { response: 'I am sorry, I cannot help with that.' };
      if (user.includes('[double:malformed-once]') && !seen.has(user)) {
        seen.add(user);
        return { response: 'Here is my assessment: the candidate did well.' };
      }
      return { response: assess(user), usage: { prompt_tokens: Math.ceil(user.length / 4), completion_tokens: 120 } };
    },
  };
}
