/** The dashboard's calls for pads (live coding interviews), through the one typed client. */
import type { CodeLanguage } from '../../../worker/schemas/code';
import { api, read } from '../lib/api';

const pad = api.api.sessions[':sessionId'].pad;
const param = (sessionId: string) => ({ param: { sessionId } });

export const pads = {
  list: () => read(api.api.pads.$get()),
  get: (sessionId: string) => read(pad.$get(param(sessionId))),
  admit: (sessionId: string) => read(pad.admit.$post(param(sessionId))),
  end: (sessionId: string) => read(pad.end.$post(param(sessionId))),
  language: (sessionId: string, language: CodeLanguage) => read(pad.language.$put({ ...param(sessionId), json: { language } })),
  history: (sessionId: string) => read(pad.history.$get(param(sessionId))),
  socketPath: (sessionId: string) => pad.socket.$path(param(sessionId)),
  settings: () => read(api.api.pads.settings.$get()),
  saveSettings: (json: { waitingRoom?: boolean; waitingMessage?: string }) => read(api.api.pads.settings.$patch({ json })),
};
