/**
 * Pads (live coding interviews): what the session's object, the Worker, the interviewer's browser
 * and the candidate's browser share. A pad socket carries two kinds of frames: binary frames are
 * y-protocols messages (sync and awareness of the pad's Yjs document), text frames are the JSON
 * below. Kept free of imports of zod so the candidate's lazy pad chunk stays small.
 */
import type { CodeLanguage, RunResult } from './code';

export const PAD_STATES = ['not_started', 'waiting', 'in_progress', 'ended'] as const;
export type PadState = (typeof PAD_STATES)[number];

export const PAD_STATE_LABELS: Record<PadState, string> = {
  not_started: 'Not Started',
  waiting: 'Waiting',
  in_progress: 'In Progress',
  ended: 'Ended',
};

/** y-protocols message types on a pad socket's binary frames (the numbers y-websocket uses). */
export const PAD_MESSAGE_SYNC = 0;
export const PAD_MESSAGE_AWARENESS = 1;

/** The Yjs text that holds the pad's code. */
export const PAD_TEXT = 'code';

/** A pad nobody is connected to ends by itself after this long (CoderPad and HackerRank do the same). */
export const PAD_IDLE_END_MS = 60 * 60 * 1000;
export const PAD_IDLE_RULE = 'A pad ends by itself after 60 minutes with nobody connected.';

/** The candidate's socket is closed with this code when the interview ends (4000-4999 are ours). */
export const PAD_CLOSE_ENDED = 4410;

/** Most bytes of one frame a pad socket takes; a Yjs row stays far below SQLite's 2 MB. */
export const MAX_PAD_FRAME_BYTES = 512 * 1024;
/** Most characters of the interviewer's notes. */
export const MAX_PAD_NOTES = 20_000;

/** Where the pad is, as both sides are told whenever it changes. */
export interface PadStatus {
  type: 'status';
  state: PadState;
  language: CodeLanguage;
  /** When the candidate entered the waiting room; null unless they did. */
  waitingSince: number | null;
  /** Whether a candidate's socket is open now. */
  candidateConnected: boolean;
}

/** Text frames the server sends. `notes` only ever goes to interviewers' sockets. */
export type PadServerFrame =
  | PadStatus
  | { type: 'notes'; text: string }
  | { type: 'run'; by: string; at: number; result: RunResult }
  | { type: 'ended' }
  | { type: 'error'; message: string };

/** Text frames a client sends. `notes` is refused from a candidate's socket. */
export type PadClientFrame = { type: 'notes'; text: string } | { type: 'run'; result: RunResult } | { type: 'event'; k: 'blur' | 'focus' | 'paste'; size?: number };

/** `GET /api/candidate/pad`: what the candidate's pad page needs before its socket opens. */
export interface CandidatePadView {
  state: PadState;
  language: CodeLanguage;
  orgName: string;
  logoUrl: string | null;
  waitingMessage: string;
  candidateName: string;
}

/** `GET /api/sessions/:sessionId/pad`: the interviewer's view of one pad. */
export interface PadView {
  sessionId: string;
  candidateName: string;
  interviewName: string;
  memberName: string;
  /** The candidate's invite link, to send them. */
  inviteUrl: string | null;
  state: PadState;
  language: CodeLanguage;
}

/** One stored Yjs update of the pad, for playback: who made it and when. */
interface PadUpdateRecord {
  seq: number;
  at: number;
  author: string;
  /** The Yjs update, base64. */
  update: string;
}

/** Runs, pastes and focus changes, on the same timeline as the updates. */
export interface PadEventRecord {
  seq: number;
  at: number;
  author: string;
  kind: 'run' | 'blur' | 'focus' | 'paste';
  size?: number;
  result?: RunResult;
}

/** `GET /api/sessions/:sessionId/pad/history`: the whole pad, for playback. */
export interface PadHistory {
  language: CodeLanguage;
  updates: PadUpdateRecord[];
  events: PadEventRecord[];
  /** The document as the object holds it now. */
  finalText: string;
}

/** `GET /api/pads`: every pad of the organization. */
export interface PadListItem {
  sessionId: string;
  interviewId: string;
  interviewName: string;
  candidateName: string;
  state: PadState;
  waitingSince: number | null;
  createdAt: number;
}
