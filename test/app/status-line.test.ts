import { describe, expect, it } from 'vitest';
import { t } from '../../app/src/candidate/messages';
import { bytesLeftDetail, describeStatus, uploadBar } from '../../app/src/candidate/StatusLine';
import type { UploadStatus } from '../../app/src/lib/uploader';

const base: UploadStatus = { online: true, pendingItems: 0, bytesLeft: 0, failedItems: 0, lastAckAt: null, offlineSince: null, recording: false, bytesPerSecond: null };
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

describe('the upload bar shows only when the upload takes a while, and then stays until it is done', () => {
  it('appears for more than a few seconds of upload by the recent rate, or for a large amount before one is known', () => {
    const sending = { ...base, pendingItems: 5 };
    expect(uploadBar({ ...sending, bytesLeft: 200_000, bytesPerSecond: 100_000 }, null)).toBeNull();
    expect(uploadBar({ ...sending, bytesLeft: 2 * MB, bytesPerSecond: 100_000 }, null)).toEqual({ totalBytes: 2 * MB, doneBytes: 0 });
    expect(uploadBar({ ...sending, bytesLeft: 300_000 }, null)).toBeNull();
    expect(uploadBar({ ...sending, bytesLeft: 3 * MB }, null)).toEqual({ totalBytes: 3 * MB, doneBytes: 0 });
  });

  it('counts what was sent since it appeared, and does not flap when the rate makes the rest look short', () => {
    let bar = uploadBar({ ...base, pendingItems: 5, bytesLeft: 8 * MB, bytesPerSecond: 100_000 }, null);
    bar = uploadBar({ ...base, pendingItems: 4, bytesLeft: 4.8 * MB, bytesPerSecond: 5 * MB }, bar);
    expect(bar).toEqual({ totalBytes: 8 * MB, doneBytes: 3.2 * MB });
    expect(t.uploadProgress(bar!.doneBytes, bar!.totalBytes)).toBe('3.2 MB of 8.0 MB');
    bar = uploadBar({ ...base, pendingItems: 1, bytesLeft: 1_000, bytesPerSecond: 5 * MB }, bar);
    expect(bar).not.toBeNull();
    expect(uploadBar({ ...base, pendingItems: 1, bytesLeft: 0 }, bar)).toBeNull();
  });

  it('gives way to recording, offline and refused items, and never says "0.0 MB"', () => {
    const shown = { totalBytes: 2 * MB, doneBytes: 0 };
    expect(uploadBar({ ...base, pendingItems: 3, bytesLeft: MB, recording: true }, shown)).toBeNull();
    expect(uploadBar({ ...base, pendingItems: 3, bytesLeft: MB, online: false }, shown)).toBeNull();
    expect(uploadBar({ ...base, pendingItems: 3, failedItems: 3, bytesLeft: MB }, shown)).toBeNull();
    expect(t.uploadProgress(0, 2 * MB)).toBe('0 MB of 2.0 MB');
    expect(t.uploadProgress(20, 2 * MB)).toBe('0.1 MB of 2.0 MB');
  });
});
