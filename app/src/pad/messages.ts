/**
 * Every sentence a candidate reads on a pad, in one catalog like app/src/candidate/messages.ts,
 * but in the pad's own lazy chunk so interviews without a pad never load it.
 */
export const padText = {
  waitingTitle: 'You are in the waiting room',
  waitingBody: 'Your interviewer will let you in shortly. Keep this page open.',
  waitingFor: (name: string) => `Waiting for ${name} to admit you…`,
  editorLabel: 'Code editor',
  connected: 'Connected — your edits are shared live',
  offline: 'Offline — your edits are kept on this device and will merge when you reconnect',
  connecting: 'Connecting…',
  run: 'Run',
  running: 'Running…',
  output: 'Output',
  noOutput: 'Run your code to see its output here. Both of you see every run.',
  ranBy: (name: string, ms: number) => `Run by ${name} (${ms} ms)`,
  ended: 'This interview has ended',
  endedBody: 'Thank you. Your interviewer has ended the session; you can close this page.',
  idleRule: 'A pad ends by itself after 60 minutes with nobody connected.',
};
