/**
 * The one place that builds R2 object keys. Keys start with the organization and the session so
 * that deleting a session (or an organization) is a prefix delete, and they carry random ids
 * so nothing is guessable from outside. The Worker checks access before serving any of them.
 */
export const r2Keys = {
  sessionPrefix: (orgId: string, sessionId: string) => `orgs/${orgId}/sessions/${sessionId}/`,
  recordingChunk: (orgId: string, sessionId: string, segmentId: string, seq: number) => `orgs/${orgId}/sessions/${sessionId}/chunks/${segmentId}/${String(seq).padStart(6, '0')}`,
  /** Every chunk object of a session, for the sweep that removes orphans. */
  recordingChunksPrefix: (orgId: string, sessionId: string) => `orgs/${orgId}/sessions/${sessionId}/chunks/`,
  recordingSegment: (orgId: string, sessionId: string, segmentId: string, ext: string) => `orgs/${orgId}/sessions/${sessionId}/segments/${segmentId}.${ext}`,
  resume: (orgId: string, candidateId: string, fileId: string) => `orgs/${orgId}/resumes/${candidateId}/${fileId}.pdf`,
  /** A resume parsed by "Import by resumes", before the recruiter creates its candidate. */
  resumeUpload: (orgId: string, resumeId: string) => `orgs/${orgId}/resumes/uploads/${resumeId}.pdf`,
  export: (orgId: string, exportId: string, ext: string) => `orgs/${orgId}/exports/${exportId}.${ext}`,
  /** A new random id per upload: the logo's URL changes with it, so browsers may cache each one. */
  orgLogo: (orgId: string, logoId: string) => `orgs/${orgId}/branding/logo-${logoId}`,
  healthProbe: () => `system/health-probe`,
} as const;
