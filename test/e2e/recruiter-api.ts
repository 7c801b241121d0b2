/**
 * A recruiter driving the API from the test process, for the setup of browser tests whose subject
 * is the candidate: register an organization, make questions and an interview, add candidates.
 */
export class RecruiterApi {
  private cookie = '';
  private csrf = '';

  private constructor(readonly baseUrl: string) {}

  static async register(baseUrl: string, label = 'e2e'): Promise<RecruiterApi> {
    const api = new RecruiterApi(baseUrl);
    const email = `${label}-${crypto.randomUUID().slice(0, 8)}@recruiters.test`;
    const body = await api.call<{ csrfToken: string }>('POST', '/api/auth/register', { organizationName: `Org ${label}`, name: `Recruiter ${label}`, email, password: 'a long enough password' });
    api.csrf = body.csrfToken;
    return api;
  }

  async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        origin: this.baseUrl,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...(this.csrf ? { 'x-csrf-token': this.csrf } : {}),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const setCookie = res.headers.get('set-cookie');
    if (setCookie) this.cookie = setCookie.split(';')[0]!;
    if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${await res.text()}`);
    return (res.status === 204 ? null : await res.json()) as T;
  }

  async authHeaders(): Promise<Record<string, string>> {
    return { cookie: this.cookie };
  }

  async question(body: Record<string, unknown>): Promise<string> {
    return (await this.call<{ question: { id: string } }>('POST', '/api/questions', body)).question.id;
  }

  /** A one-way interview with a short video, an audio, a text and a choice question, in that order. */
  async fourQuestionInterview(options: { videoMaxSeconds?: number; thinkTimeSeconds?: number } = {}): Promise<{ id: string; questionIds: string[] }> {
    const recorded = { thinkTimeSeconds: options.thinkTimeSeconds ?? 0, attempts: 2, mayReviewTake: true };
    const questionIds = [
      await this.question({ type: 'video', title: 'Introduce yourself', prompt: 'Who are you?', maxAnswerSeconds: options.videoMaxSeconds ?? 120, ...recorded }),
      await this.question({ type: 'audio', title: 'Explain a tricky bug', prompt: 'In a minute.', maxAnswerSeconds: 60, ...recorded }),
      await this.question({ type: 'text', title: 'Why this role?', prompt: 'A few sentences.', wordLimit: 100 }),
      await this.question({
        type: 'choice',
        title: 'Preferred setting',
        prompt: 'Pick one.',
        mode: 'single',
        options: [
          { id: 'remote', label: 'Remote' },
          { id: 'office', label: 'Office' },
        ],
      }),
    ];
    const interview = await this.call<{ interview: { id: string } }>('POST', '/api/interviews', { name: 'Support engineer', format: 'one_way', intro: 'Four questions.', closing: 'Thanks!', questionIds });
    return { id: interview.interview.id, questionIds };
  }

  async addCandidate(interviewId: string, name: string, email: string): Promise<{ inviteUrl: string; sessionId: string }> {
    const added = await this.call<{ inviteUrl: string; session: { id: string } }>('POST', `/api/interviews/${interviewId}/candidates`, { name, email });
    return { inviteUrl: added.inviteUrl, sessionId: added.session.id };
  }

  async sessionStatus(interviewId: string, sessionId: string): Promise<string | undefined> {
    const list = await this.call<{ sessions: { id: string; status: string }[] }>('GET', `/api/interviews/${interviewId}/sessions?limit=200`);
    return list.sessions.find((s) => s.id === sessionId)?.status;
  }
}
