import type { Browser, BrowserContext, Page } from 'playwright-core';
/**
 * A recruiter driving the API from the test process, for the setup of browser tests whose subject
 * is the candidate: register an organization, make questions and an interview, add candidates.
 */
export class RecruiterApi {
  private cookie = '';
  private csrf = '';

  static readonly PASSWORD = 'a long enough password';
  email = '';

  readonly baseUrl: string;

  // A plain field rather than a parameter property: the bench runs this file with Node's type stripping.
  private constructor(baseUrl: string) {
    this.baseUrl = baseUrl;
  }

  static async register(baseUrl: string, label = 'e2e'): Promise<RecruiterApi> {
    const api = new RecruiterApi(baseUrl);
    const email = `${label}-${crypto.randomUUID().slice(0, 8)}@recruiters.test`;
    api.email = email;
    const body = await api.call<{ csrfToken: string }>('POST', '/api/auth/register', {
      organizationName: `Org ${label}`,
      name: `Recruiter ${label}`,
      email,
      password: RecruiterApi.PASSWORD,
    });
    api.csrf = body.csrfToken;
    return api;
  }

  /** Signs in as an existing member (e.g. the seeded demo owner). */
  static async login(baseUrl: string, email: string, password: string): Promise<RecruiterApi> {
    const api = new RecruiterApi(baseUrl);
    api.email = email;
    api.csrf = (await api.call<{ csrfToken: string }>('POST', '/api/auth/login', { email, password })).csrfToken;
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

  /** The organization's branding, as an admin sets it in Settings. */
  async brand(accentColor: string, logo?: { bytes: Uint8Array<ArrayBuffer>; type: string }): Promise<void> {
    await this.call('PATCH', '/api/org', { accentColor });
    if (!logo) return;
    const res = await fetch(`${this.baseUrl}/api/org/logo`, {
      method: 'PUT',
      headers: { origin: this.baseUrl, cookie: this.cookie, 'x-csrf-token': this.csrf, 'content-type': logo.type },
      body: logo.bytes,
    });
    if (!res.ok) throw new Error(`PUT /api/org/logo answered ${res.status}: ${await res.text()}`);
  }

  async authHeaders(): Promise<Record<string, string>> {
    return { cookie: this.cookie };
  }

  async question(body: Record<string, unknown>): Promise<string> {
    return (await this.call<{ question: { id: string } }>('POST', '/api/questions', body)).question.id;
  }

  /** A one-way interview of these questions, made in the bank first, in this order. */
  async interview(questions: Record<string, unknown>[]): Promise<{ id: string; questionIds: string[] }> {
    const questionIds: string[] = [];
    for (const body of questions) questionIds.push(await this.question(body));
    const interview = await this.call<{ interview: { id: string } }>('POST', '/api/interviews', {
      name: 'Support engineer',
      format: 'one_way',
      intro: 'A few questions.',
      closing: 'Thanks!',
      questionIds,
    });
    return { id: interview.interview.id, questionIds };
  }

  /** A short video, an audio, a text and a choice question, in that order. */
  fourQuestionInterview(options: { videoMaxSeconds?: number; thinkTimeSeconds?: number } = {}): Promise<{ id: string; questionIds: string[] }> {
    const recorded = { thinkTimeSeconds: options.thinkTimeSeconds ?? 0, attempts: 2, mayReviewTake: true };
    return this.interview([
      { type: 'video', title: 'Introduce yourself', prompt: 'Who are you?', maxAnswerSeconds: options.videoMaxSeconds ?? 120, ...recorded },
      { type: 'audio', title: 'Explain a tricky bug', prompt: 'In a minute.', maxAnswerSeconds: 60, ...recorded },
      TEXT_QUESTION,
      CHOICE_QUESTION,
    ]);
  }

  /** The latest one-time code mailed to this address, from the development outbox. */
  async mailedCode(email: string): Promise<string> {
    const { messages } = await this.call<{ messages: { text: string }[] }>('GET', `/api/dev/outbox?to=${encodeURIComponent(email)}`);
    // The code stands on its own indented line; the interview's name may hold six digits too.
    const code = messages.map((m) => m.text.match(/\n\s+(\d{6})\n/)?.[1]).find(Boolean);
    if (!code) throw new Error(`no code mailed to ${email}`);
    return code;
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

export const TEXT_QUESTION = { type: 'text', title: 'Why this role?', prompt: 'A few sentences.', wordLimit: 100 };
export const CHOICE_QUESTION = {
  type: 'choice',
  title: 'Preferred setting',
  prompt: 'Pick one.',
  mode: 'single',
  options: [
    { id: 'remote', label: 'Remote' },
    { id: 'office', label: 'Office' },
  ],
};

export const SCALE_QUESTION = {
  type: 'scale',
  title: 'Work style',
  prompt: 'How much do you agree?',
  keyedTo: 'trait',
  steps: 5,
  anchors: { low: 'Disagree', high: 'Agree' },
  items: [
    { id: 'finish', statement: 'I finish what I start.', trait: 'Conscientiousness' },
    { id: 'new', statement: 'I like trying new tools.', trait: 'Openness' },
  ],
};

/** A reviewer (or another role) the recruiter invites, who accepts from the mailed link and lands in the dashboard. */
export async function reviewerDashboard(
  browser: Browser,
  baseUrl: string,
  recruiter: RecruiterApi,
  name: string,
  role: 'reviewer' | 'interviewer' = 'reviewer',
): Promise<{ context: BrowserContext; page: Page }> {
  const email = `${name.toLowerCase().replace(/[^a-z]+/g, '.')}@reviewers.test`;
  await recruiter.call('POST', '/api/members/invitations', { email, role });
  const { messages } = await recruiter.call<{ messages: { text: string }[] }>('GET', `/api/dev/outbox?to=${encodeURIComponent(email)}`);
  const acceptUrl = messages.map((m) => m.text.match(/\S*\/accept-invite#token=[A-Za-z0-9_-]+/)?.[0]).find(Boolean);
  if (!acceptUrl) throw new Error(`no invitation mailed to ${email}`);
  const context = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(acceptUrl);
  await page.getByLabel('Your name').fill(name);
  await page.getByLabel('Choose a password').fill('a reviewer password');
  await page.getByRole('button', { name: 'Accept invitation' }).click();
  await page.getByRole('heading', { name: 'Interviews', exact: true }).waitFor();
  return { context, page };
}
