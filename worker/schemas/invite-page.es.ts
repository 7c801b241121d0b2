import type { intlWords } from './intl-words';
import type { InviteText } from './invite-page';
import type { DeviceNeed } from './outline';
import type { QuestionType } from './questions';

/**
 * The invite link's first screen in Spanish (neutral Spanish, "tú"): the Worker serves it
 * (worker/candidates/invite-page.ts) and the app's Spanish catalog spreads it in
 * (app/src/candidate/messages.es.ts). It imports nothing at run time — Spanish words for figures
 * are handed to it — so the app's Spanish chunk stays one small file.
 */
export const inviteTextEs = (words: ReturnType<typeof intlWords>): InviteText => ({
  skipToContent: 'Saltar al contenido',
  language: 'Idioma',
  linkUnavailable: 'Este enlace de entrevista no está disponible. Puede que se haya desactivado o sustituido. Pide uno nuevo a la empresa que te lo envió.',
  start: 'Empezar la entrevista',
  alreadySubmittedTitle: 'Esta entrevista ya está enviada',
  alreadySubmittedBody: (name: string) => `Tus respuestas a «${name}» se han enviado al equipo de selección. No tienes que hacer nada más aquí.`,
  padEnded: 'Esta entrevista ha terminado',
  name: 'Tu nombre',
  email: 'Tu correo electrónico',
  emailHintInvite: 'Este enlace se envió a esta dirección.',
  consent: 'Acepto que mis respuestas, incluidas las grabaciones, se guarden y se compartan con el equipo de selección de esta candidatura.',
  privacy: 'Tus respuestas se guardan primero en este dispositivo y se suben en cuanto hay conexión. Solo se comparten con la empresa que te ha invitado.',
  logoAlt: (orgName: string) => `Logotipo de ${orgName}`,
  beforeYouStart: 'Antes de empezar',
  questionCounts: (counts: readonly { type: QuestionType; count: number }[]): string =>
    words.listOf(counts.map(({ type, count }) => `${words.number(count)} ${QUESTION_NOUNS[type][words.plural(count)]}`)),
  estimatedTime: (minutes: number) => `Unos ${words.duration(minutes * 60)} en total`,
  youNeed: (needs: readonly DeviceNeed[]): string => `Necesitas ${words.andList(needs.map((need) => DEVICE_NEEDS[need]))}.`,
  needsNothing: 'No necesitas cámara ni micrófono: todo se escribe o se elige.',
  savedAsYouGo: 'Tus respuestas se guardan en este dispositivo sobre la marcha: si se pierde la conexión o se cierra la página, no se pierde nada, y puedes terminar más tarde.',
});

const QUESTION_NOUNS: Record<QuestionType, Record<'one' | 'other', string>> = {
  video: { one: 'pregunta en vídeo', other: 'preguntas en vídeo' },
  audio: { one: 'pregunta de audio', other: 'preguntas de audio' },
  text: { one: 'respuesta escrita', other: 'respuestas escritas' },
  choice: { one: 'pregunta de opción múltiple', other: 'preguntas de opción múltiple' },
  scale: { one: 'escala de valoración', other: 'escalas de valoración' },
  code: { one: 'pregunta de programación', other: 'preguntas de programación' },
};
const DEVICE_NEEDS: Record<DeviceNeed, string> = { camera: 'una cámara', microphone: 'un micrófono', keyboard: 'un teclado para las preguntas de programación' };
