/**
 * Limits shared by the Worker and the app, kept free of imports so the candidate app can use them
 * without pulling the schema library into its first load.
 */

/**
 * The most one chunk may carry. MediaRecorder's timeslice is only a hint (Chrome can hand over a
 * huge blob after the device slept), so the device splits anything larger into several chunks:
 * a segment is the concatenation of its chunks, and where it is cut does not matter.
 */
export const MAX_CHUNK_BYTES = 8 * 1024 * 1024;
