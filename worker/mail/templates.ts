/** The text of the mail Holdfast sends. Plain text first: it is what every client shows. */
import type { Role } from '../auth/permissions';
import type { Mail } from './index';

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] ?? ch);

export function invitationMail(invitation: { to: string; organizationName: string; invitedBy: string; role: Role; link: string; expiresAt: number }): Mail {
  const expires = new Date(invitation.expiresAt).toUTCString();
  const text = [
    `${invitation.invitedBy} invited you to join ${invitation.organizationName} on Holdfast as ${invitation.role}.`,
    '',
    `Accept the invitation: ${invitation.link}`,
    '',
    `The link works once and expires ${expires}. If you did not expect this, ignore this email.`,
  ].join('\n');
  const html = `<p>${escapeHtml(invitation.invitedBy)} invited you to join <strong>${escapeHtml(invitation.organizationName)}</strong> on Holdfast as ${escapeHtml(invitation.role)}.</p>
<p><a href="${escapeHtml(invitation.link)}">Accept the invitation</a></p>
<p>The link works once and expires ${escapeHtml(expires)}. If you did not expect this, ignore this email.</p>`;
  return { to: invitation.to, subject: `Join ${invitation.organizationName} on Holdfast`, text, html, kind: 'invitation' };
}
