import { inviteTextEs } from '../../../worker/schemas/invite-page.es';
import type { Formatters } from './locale';

/**
 * The Spanish catalog (neutral Spanish, "tú"), the same sentences as messages.ts. Loaded only when
 * the candidate's language is Spanish; messages.ts checks that it has every sentence.
 */
export const es = ({ formatMegabytes, formatNumber, plural, words }: Formatters) => {
  const { number, duration, megabytes } = words('es');
  return {
    // The link's first screen, which the Worker serves too.
    ...inviteTextEs(words('es')),
    loading: 'Abriendo tu entrevista…',
    offlineNoSession: 'No tienes conexión y esta entrevista aún no se ha empezado en este dispositivo. Conéctate a internet para comenzar.',
    continueInterview: 'Continuar la entrevista',
    verifyTitle: 'Revisa tu correo',
    verifyIntro: (hint: string) => `Para abrir en este dispositivo tus respuestas guardadas, escribe el código de 6 cifras que acabamos de enviar a ${hint}.`,
    code: 'Código',
    verify: 'Confirmar código',
    questionOf: (n: number, total: number) => `Pregunta ${formatNumber(n)} de ${formatNumber(total)}`,
    finishLater: 'Terminar más tarde',
    finishedLaterTitle: 'Tus respuestas están guardadas',
    finishedLaterKeptTitle: 'Tus respuestas se conservan en este dispositivo',
    finishedLaterBody:
      'Puedes cerrar esta página. Para continuar, abre de nuevo el mismo enlace de la entrevista y usa el mismo correo electrónico: volverás a la siguiente pregunta, no al principio.',
    resume: 'Continuar ahora',
    saveAndContinue: 'Guardar y continuar',
    submitAnswer: 'Enviar respuesta',
    words: (n: number, limit?: number) =>
      limit ? `${formatNumber(n)} de ${plural(limit, { one: '# palabra', other: '# palabras' })}` : plural(n, { one: '# palabra', other: '# palabras' }),
    tooManyWords: (limit: number) => `Acorta tu respuesta a ${plural(limit, { one: '# palabra', other: '# palabras' })}.`,
    chooseOne: 'Elige una respuesta para continuar.',
    statusSaved: 'Todas las respuestas guardadas',
    statusSaving: 'Guardando…',
    statusBytesLeft: (bytes: number) => `Faltan ${formatMegabytes(bytes)} MB`,
    statusRecording: 'Grabando — se guarda en este dispositivo sobre la marcha',
    statusOffline: 'Sin conexión — tus respuestas se conservan en este dispositivo y se subirán cuando vuelvas a tener conexión',
    statusFailed: (n: number) =>
      plural(n, {
        one: 'El servidor no pudo guardar 1 respuesta. Se conserva en este dispositivo.',
        other: 'El servidor no pudo guardar # respuestas. Se conservan en este dispositivo.',
      }),
    deviceCheckTitle: 'Comprueba tu cámara y tu micrófono',
    deviceCheckIntro: 'Asegúrate de que se te ve y se te oye. Habla y mira cómo se mueve el indicador de nivel.',
    micLevel: 'Nivel del micrófono',
    recordingSupported: 'Tu navegador puede grabar tus respuestas.',
    recordingUnsupported: 'Este navegador no puede grabar respuestas. Abre este enlace en una versión actual de Chrome, Firefox, Safari o Edge.',
    networkOk: 'Conexión: en línea',
    networkOffline: 'Conexión: sin conexión — puedes grabar igualmente; las respuestas se suben después',
    storagePersisted: 'Este dispositivo conservará tus respuestas hasta que se suban.',
    storageNotPersisted: 'Mantén esta página abierta hasta que se suban tus respuestas.',
    cameraBlocked: 'No hemos podido usar tu cámara o tu micrófono. Permite el acceso en la configuración del navegador y vuelve a intentarlo.',
    tryAgain: 'Volver a intentarlo',
    devicesReady: 'Mi cámara y mi micrófono funcionan',
    thinkTime: (s: number) => plural(s, { one: 'La grabación empieza en # segundo', other: 'La grabación empieza en # segundos' }),
    startNow: 'Empezar a grabar ya',
    recording: (s: number, max: number) => `Grabando — ${formatNumber(s)} s de ${formatNumber(max)} s`,
    stopRecording: 'Detener la grabación',
    attemptsLeft: (n: number) => plural(n, { one: 'Queda # intento', other: 'Quedan # intentos' }),
    recordAgain: 'Grabar de nuevo',
    continueRecording: 'Continuar la grabación',
    interruptedTake: (s: number) =>
      s === 0
        ? 'Tu grabación se interrumpió antes de que se guardara nada.'
        : plural(s, {
            one: 'Tu grabación se interrumpió. Se ha guardado 1 segundo en este dispositivo.',
            other: 'Tu grabación se interrumpió. Se han guardado # segundos en este dispositivo.',
          }),
    pausedTake: (s: number) =>
      s === 0
        ? 'Pausaste esta respuesta antes de grabar nada.'
        : plural(s, {
            one: 'Pausaste esta respuesta. Se ha guardado 1 segundo en este dispositivo.',
            other: 'Pausaste esta respuesta. Se han guardado # segundos en este dispositivo.',
          }),
    yourTake: 'Tu grabación',
    takePart: (n: number) => `parte ${formatNumber(n)}`,
    takePartPlaying: (n: number) => `▶ parte ${formatNumber(n)}`,
    cameraPreview: 'Vista previa de la cámara',
    uploadStatus: 'Estado de la subida',
    yourAnswer: 'Tu respuesta',
    scaleStep: (value: number, anchor: string) => `${formatNumber(value)} — ${anchor}`,
    continueInterviewNamed: (name: string) => `Continuar la entrevista: ${name}`,
    updateReady: 'Hay una nueva versión de Holdfast.',
    updateReload: 'Recargar para actualizar',
    updateLater: 'Más tarde',
    closingTitle: 'Gracias',
    submittedWaiting: 'Terminando de subir tus respuestas…',
    submittedDone: 'Tu entrevista está enviada. Puedes cerrar esta página.',
    submittedOffline:
      'Tu entrevista está enviada en este dispositivo. Terminará de subirse cuando vuelvas a tener conexión: mantén esta aplicación instalada y ábrela de nuevo cuando tengas conexión.',
    practice: 'Sesión de práctica: no cuenta.',
    unanswered: 'Responde a todas las preguntas antes de terminar.',
    yourInterviews: 'Entrevistas en este dispositivo',
    open: 'Abrir',
    // wt-flow: limits, progress, upload (the intro's outline is in inviteTextEs)
    recordedLimits: 'Para esta respuesta',
    limitThinkTime: (seconds: number) => (seconds > 0 ? `Tiempo para pensar: ${duration(seconds)}` : 'Sin tiempo para pensar: la grabación empieza enseguida'),
    limitMaxLength: (seconds: number) => `Duración máxima: ${duration(seconds)}`,
    limitAttempts: (n: number) => (n === 1 ? 'Un solo intento: no se puede repetir' : `${number(n)} intentos`),
    uploadingLabel: 'Subiendo tus respuestas',
    uploadProgress: (doneBytes: number, totalBytes: number) => `${megabytes(doneBytes)} de ${megabytes(totalBytes)}`,
    uploadingWithProgress: (doneBytes: number, totalBytes: number) => `Subiendo tus respuestas — ${megabytes(doneBytes)} de ${megabytes(totalBytes)}`,
  };
};
