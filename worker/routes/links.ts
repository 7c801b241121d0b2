import { Hono } from 'hono';
import { bearerToken } from '../candidate-auth';
import { admitDevice, beginSession, linkInfo, resolveLink, startFromLink } from '../candidates/entry';
import { redeemCode, sendVerificationCode } from '../candidates/verification';
import type { AppEnv } from '../context';
import { findOrganization } from '../db/organizations';
import { findSession } from '../db/sessions';
import { notFound } from '../errors';
import { startRequestSchema, verifyRequestSchema } from '../schemas/candidate';
import { validate } from '../validate';

/**
 * Candidate entry through a link: an invite link (one candidate, one email) or an interview's
 * Shareable Link. Public by design: the link token is the credential, and a started session is
 * reached again only by a device holding its token or by proving the email with a mailed code.
 */
export const links = new Hono<AppEnv>()
  .get('/:token', async (c) => {
    const target = await resolveLink(c.env.DB, c.req.param('token'));
    return c.json(await linkInfo(c.env.DB, target), 200);
  })

  /** The organization's logo for the candidate's pages: the link is the only credential they have. */
  .get('/:token/logo', async (c) => {
    const target = await resolveLink(c.env.DB, c.req.param('token'));
    const org = await findOrganization(c.env.DB, target.interview.orgId);
    const object = org?.logoKey ? await c.env.MEDIA.get(org.logoKey) : null;
    if (!org || !object) throw notFound('This organization has no logo');
    // Each upload has its own URL (brandingOf names the version), so only that URL may be kept for
    // good; candidates' devices also keep it for offline use (app/src/lib/offline-caches.ts).
    const versioned = c.req.query('v') === org.logoKey?.split('/').pop();
    return c.body(object.body, 200, {
      'content-type': org.logoType ?? 'application/octet-stream',
      'content-length': String(object.size),
      'cache-control': versioned ? 'private, max-age=31536000, immutable' : 'private, no-cache',
    });
  })

  .post('/:token/start', validate('json', startRequestSchema), async (c) => {
    const target = await resolveLink(c.env.DB, c.req.param('token'));
    const outcome = await startFromLink(c.env, target, c.req.valid('json'), bearerToken(c.req.header('authorization')));
    switch (outcome.kind) {
      case 'started':
        return c.json(outcome.entry, 201);
      case 'resumed':
        return c.json(outcome.entry, 200);
      case 'verify': {
        const org = await findOrganization(c.env.DB, outcome.session.orgId);
        const to = outcome.session.candidateEmail ?? outcome.email;
        const mailContext = { interviewName: target.interview.name, orgName: org?.name ?? 'Holdfast' };
        return c.json(await sendVerificationCode(c.env, outcome.session, to, mailContext), 202);
      }
      default:
        return outcome satisfies never;
    }
  })

  .post('/:token/verify', validate('json', verifyRequestSchema), async (c) => {
    const target = await resolveLink(c.env.DB, c.req.param('token'));
    const verification = await redeemCode(c.env.DB, c.req.valid('json'), (v) => {
      if (target.kind === 'invite') return v.sessionId === target.session.id;
      return v.orgId === target.interview.orgId;
    });
    const session = await findSession(c.env.DB, verification.sessionId);
    if (!session || (target.kind === 'public' && session.interviewId !== target.interview.id)) throw notFound('This session no longer exists');
    // A session added by a recruiter and first opened through the public link starts here.
    if (session.startedAt === null) await beginSession(c.env, session);
    return c.json(await admitDevice(c.env, { ...session, startedAt: session.startedAt ?? Date.now() }), 200);
  });
