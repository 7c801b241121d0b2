import { createResource, For, Show } from 'solid-js';
import { ROLES } from '../../../worker/schemas/auth';
import { Button, ErrorBanner, Field } from '../ui/components';
import { can, me, members, type Role } from './data';
import { createSubmission, formValues } from './forms';

export default function Members() {
  const [list, { refetch }] = createResource(() => members.list());
  const [invitations, { refetch: refetchInvitations }] = createResource(() => (can('members.manage') ? members.invitations() : Promise.resolve({ invitations: [] })));
  const invite = createSubmission();
  const action = createSubmission();
  let form: HTMLFormElement | undefined;
  return (
    <div class="hf-stack">
      <h1>Members</h1>
      <Show when={can('members.manage')}>
        <section class="hf-card" aria-labelledby="invite-title">
          <h2 id="invite-title">Invite a member</h2>
          <form
            ref={form}
            onSubmit={async (e) => {
              e.preventDefault();
              const v = formValues(e.currentTarget);
              const ok = await invite.run(() => members.invite(v.email ?? '', (v.role ?? 'recruiter') as Role));
              if (ok) {
                form?.reset();
                void refetchInvitations();
              }
            }}
          >
            <div class="hf-row">
              <Field label="Email" id="invite-email" error={invite.fieldError('email')}>
                <input id="invite-email" name="email" type="email" required />
              </Field>
              <Field label="Role" id="invite-role" error={invite.fieldError('role')}>
                <select id="invite-role" name="role">
                  <For each={ROLES}>
                    {(role) => (
                      <option value={role} selected={role === 'recruiter'}>
                        {role}
                      </option>
                    )}
                  </For>
                </select>
              </Field>
            </div>
            <ErrorBanner message={invite.error()} />
            <Button type="submit" disabled={invite.busy()}>
              Send invitation
            </Button>
          </form>
        </section>
        <Show when={(invitations()?.invitations.length ?? 0) > 0}>
          <section class="hf-card" aria-labelledby="pending-title">
            <h2 id="pending-title">Pending invitations</h2>
            <ul class="hf-list">
              <For each={invitations()?.invitations}>
                {(inv) => (
                  <li>
                    <span>{inv.email}</span>
                    <span class="hf-tag">{inv.role}</span>
                    <span class="hf-muted">expires {new Date(inv.expiresAt).toLocaleDateString()}</span>
                    <Button
                      variant="quiet"
                      aria-label={`Revoke invitation for ${inv.email}`}
                      onClick={() => void action.run(() => members.revokeInvitation(inv.id)).then(refetchInvitations)}
                    >
                      Revoke
                    </Button>
                  </li>
                )}
              </For>
            </ul>
          </section>
        </Show>
      </Show>
      <section class="hf-card" aria-labelledby="members-title">
        <h2 id="members-title">Team</h2>
        <ErrorBanner message={action.error()} />
        <ul class="hf-list">
          <For each={list()?.members}>
            {(member) => (
              <li>
                <strong>{member.name}</strong>
                <span>{member.email}</span>
                <Show when={can('members.manage') && member.id !== me()?.member.id} fallback={<span class="hf-tag">{member.role}</span>}>
                  <label class="hf-visually-hidden" for={`role-${member.id}`}>
                    Role of {member.name}
                  </label>
                  <select
                    id={`role-${member.id}`}
                    value={member.role}
                    onChange={(e) => void action.run(() => members.changeRole(member.id, e.currentTarget.value as Role)).then(refetch)}
                  >
                    <For each={ROLES}>{(role) => <option value={role}>{role}</option>}</For>
                  </select>
                  <Button
                    variant="quiet"
                    aria-label={`Remove ${member.name}`}
                    onClick={() => {
                      if (confirm(`Remove ${member.name} from the organization?`)) void action.run(() => members.remove(member.id)).then(refetch);
                    }}
                  >
                    Remove
                  </Button>
                </Show>
              </li>
            )}
          </For>
        </ul>
      </section>
    </div>
  );
}
