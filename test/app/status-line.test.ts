import { describe, expect, it } from 'vitest';
import { bytesLeftDetail, describeStatus } from '../../app/src/candidate/StatusLine';
import type { UploadStatus } from '../../app/src/lib/uploader';

const base: UploadStatus = { online: true, pendingItems: 0, bytesLeft: 0, failedItems: 0, lastAckAt: null, offlineSince: null, recording: false };
const MB = 1024 * 1024;

describe('the status line says where the answers are, calmly', () => {
  it('keeps one phrase while recording online, whatever the uploader is doing meanwhile', () => {
    const whileRecording = [
      { ...base, recording: true },
      { ...base, recording: true, pendingItems: 3, bytesLeft: 40_000 },
      { ...base, recording: true, pendingItems: 12, bytesLeft: 2.4 * MB },
      { ...base, recording: true, pendingItems: 1, bytesLeft: 100 },
    ];
    const phrases = new Set(whileRecording.map((s) => describeStatus(s).text));
    expect([...phrases]).toEqual(['Recording — saved on this device as you go']);
    expect(whileRecording.map(bytesLeftDetail)).toEqual([null, null, null, null]);
  });

  it('says offline while recording offline, and all saved once nothing is left', () => {
    expect(describeStatus({ ...base, recording: true, online: false, pendingItems: 4 }).text).toMatch(/^Offline — your answers are kept on this device/);
    expect(describeStatus(base).text).toBe('All answers saved');
  });

  it('never says "0.0 MB": the megabytes left show only from 0.1 MB, beside the phrase', () => {
    expect(describeStatus({ ...base, pendingItems: 2, bytesLeft: 30_000 }).text).toBe('Saving…');
    expect(bytesLeftDetail({ ...base, pendingItems: 2, bytesLeft: 30_000 })).toBeNull();
    expect(bytesLeftDetail({ ...base, pendingItems: 2, bytesLeft: 2.1 * MB })).toBe('2.1 MB left');
  });
});
