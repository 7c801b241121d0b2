/**
 * The screens of recorded answers (the device check and the recorder), loaded only for interviews
 * with a video or audio question (InterviewFlow): a text-only interview never carries them.
 */
import { DeviceCheck } from './DeviceCheck';
import { RecordedQuestion } from './questions/RecordedQuestion';

export const recordingScreens = { DeviceCheck, RecordedQuestion };
