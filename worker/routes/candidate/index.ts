/**
 * `/api/candidate`: what a candidate's device does in its session. Its parts: live status, which
 * authenticates by a token in the query (live.ts); recordings, chunk by chunk (recordings.ts); code answers' event logs (code.ts); the
 * session itself, its answers and completion (device.ts). All but live take the device token as
 * `Authorization: Bearer`.
 */
import { Hono } from 'hono';
import type { AppEnv } from '../../context';
import { candidateCode } from './code';
import { candidateDevice } from './device';
import { candidateLive } from './live';
import { candidateRecordings } from './recordings';

export const candidate = new Hono<AppEnv>().route('/live', candidateLive).route('/recordings', candidateRecordings).route('/code', candidateCode).route('/', candidateDevice);
