import { useEffect, useRef, useState } from 'preact/hooks';
import type { AgentRole, AgentSummary } from '@atendo/shared';
import { errorText } from '../errors';
import { t } from '../i18n';
import { myId } from '../state/conversations';
import { agentList, inviteAgent, isActive, isOnline, resendInvitation, setAgentActive, updateAgent } from '../state/team';
import { TeamRule } from './TeamRule';
import { notify } from '../state/notices';

/** The team: status and load for everyone; invitations, roles and capacity for admins. */
export function AgentsSettings({ admin }: { admin: boolean }) {
  return (
    <div class="settings-stack">
      {admin && <TeamRule />}
      {admin && <InviteForm />}
      <table class="table" aria-label={t('settings.agents')}>
        <thead>
          <tr>
            <th scope="col">{t('agents.name')}</th>
            <th scope="col">{t('agents.status')}</th>
            <th scope="col">{t('agents.role')}</th>
            <th scope="col">{t('agents.load')}</th>
            <th scope="col">{t('agents.access')}</th>
          </tr>
        </thead>
        <tbody>
          {agentList.value.map((a) => (
            <tr key={a.id} class={isActive(a) ? undefined : 'agent-deactivated'}>
              <td>
                {a.name}
                {a.twoFactor && (
                  <span class="pill badge-quiet" title={t('access.tfTitle')}>
                    {t('access.twoFactorBadge')}
                  </span>
                )}
                <span class="muted block">{a.email}</span>
                {a.invitedAt != null && isActive(a) && <Invited agent={a} admin={admin} />}
              </td>
              <td>
                {isActive(a) ? (
                  <span class={`presence-line${isOnline(a) ? ' is-online' : ''}`}>
                    <span class="presence-dot" aria-hidden="true" />
                    {isOnline(a) ? t('presence.online') : a.status === 'online' ? t('presence.noConsole') : t('presence.away')}
                  </span>
                ) : (
                  <span class="pill pill-deactivated">{t('agents.deactivated')}</span>
                )}
              </td>
              <td>
                {admin ? (
                  <select
                    aria-label={t('agents.roleOf', { name: a.name })}
                    value={a.role}
                    onChange={(e) => void updateAgent(a.id, { role: e.currentTarget.value as AgentRole })}
                  >
                    <option value="agent">{t('agents.roleAgent')}</option>
                    <option value="admin">{t('agents.roleAdmin')}</option>
                  </select>
                ) : a.role === 'admin' ? (
                  t('agents.roleAdmin')
                ) : (
                  t('agents.roleAgent')
                )}
              </td>
              <td>
                {a.load} /{' '}
                {admin ? (
                  <input
                    class="capacity"
                    type="number"
                    min={0}
                    max={100}
                    aria-label={t('agents.capacityOf', { name: a.name })}
                    value={a.capacity}
                    onChange={(e) => {
                      const input = e.currentTarget;
                      const capacity = Number(input.value);
                      // Checked here so a typo gets a plain sentence, not the server's schema message.
                      if (input.value.trim() === '' || !Number.isInteger(capacity) || capacity < 0 || capacity > 100) {
                        input.value = String(a.capacity);
                        notify(t('agents.capacityRange'));
                        return;
                      }
                      void updateAgent(a.id, { capacity });
                    }}
                  />
                ) : (
                  a.capacity
                )}
              </td>
              <td class="access-cell">
                <Access agent={a} admin={admin} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** An invitation not used yet; admins can send it again (a new link, the old one stops working). */
function Invited({ agent: a, admin }: { agent: AgentSummary; admin: boolean }) {
  const [busy, setBusy] = useState(false);
  return (
    <span class="block">
      <span class="pill pill-invited">{t('access.invitePending')}</span>{' '}
      {admin && (
        <button
          type="button"
          class="link-btn"
          disabled={busy}
          onClick={() => {
            setBusy(true);
            void resendInvitation(a.id).then(
              () => {
                setBusy(false);
                notify(t('access.resent', { email: a.email }));
              },
              (err: unknown) => {
                setBusy(false);
                notify(errorText(err));
              },
            );
          }}
        >
          {t('access.resend')}
        </button>
      )}
    </span>
  );
}

/**
 * Whether the agent may sign in, and for admins the button that changes it, after a
 * confirm that says what deactivating does. Nobody deactivates themselves.
 */
function Access({ agent: a, admin }: { agent: AgentSummary; admin: boolean }) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const confirm = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (confirming) confirm.current?.focus();
  }, [confirming]);
  const active = isActive(a);
  const label = active ? t('agents.active') : t('agents.deactivated');
  if (!admin) return <>{label}</>;
  if (a.id === myId.value) return <span class="muted">{t('agents.you')}</span>;
  if (!confirming) {
    return (
      <button
        type="button"
        class={`btn btn-small${active ? ' btn-danger' : ''}`}
        aria-label={t(active ? 'agents.deactivateOf' : 'agents.reactivateOf', { name: a.name })}
        onClick={() => setConfirming(true)}
      >
        {active ? t('agents.deactivate') : t('agents.reactivate')}
      </button>
    );
  }
  const id = `access-confirm-${a.id}`;
  return (
    <div class="confirm" role="alertdialog" aria-label={t(active ? 'agents.deactivateOf' : 'agents.reactivateOf', { name: a.name })} aria-describedby={id}>
      <p id={id}>{t(active ? 'agents.confirmDeactivate' : 'agents.confirmReactivate', { name: a.name })}</p>
      <div class="form-actions">
        <button
          type="button"
          class={`btn btn-small${active ? ' btn-danger' : ' btn-primary'}`}
          ref={confirm}
          disabled={busy}
          onClick={() => {
            setBusy(true);
            void setAgentActive(a.id, !active).then(
              () => {
                setBusy(false);
                setConfirming(false);
              },
              (err: unknown) => {
                setBusy(false);
                setConfirming(false);
                notify(errorText(err));
              },
            );
          }}
        >
          {active ? t('agents.deactivate') : t('agents.reactivate')}
        </button>
        <button type="button" class="btn btn-small" onClick={() => setConfirming(false)}>
          {t('common.cancel')}
        </button>
      </div>
    </div>
  );
}

function InviteForm() {
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState<AgentRole>('agent');
  const [result, setResult] = useState<{ ok: true; email: string; password: string | null } | { ok: false; message: string } | null>(null);
  async function submit(e: Event) {
    e.preventDefault();
    try {
      const password = await inviteAgent({ email, name, role });
      setResult({ ok: true, email, password });
      setEmail('');
      setName('');
    } catch (err) {
      setResult({ ok: false, message: errorText(err) });
    }
  }
  return (
    <form class="form form-inline-card" onSubmit={(e) => void submit(e)} aria-label={t('agents.invite')}>
      <div class="form-row">
        <label>
          {t('agents.name')}
          <input value={name} required maxLength={80} onInput={(e) => setName(e.currentTarget.value)} />
        </label>
        <label>
          {t('login.email')}
          <input type="email" value={email} required maxLength={254} onInput={(e) => setEmail(e.currentTarget.value)} />
        </label>
        <label>
          {t('agents.role')}
          <select value={role} onChange={(e) => setRole(e.currentTarget.value as AgentRole)}>
            <option value="agent">{t('agents.roleAgent')}</option>
            <option value="admin">{t('agents.roleAdmin')}</option>
          </select>
        </label>
        <button type="submit" class="btn btn-primary">
          {t('agents.invite')}
        </button>
      </div>
      {result?.ok && result.password !== null && (
        <p role="status" class="invite-result">
          {t('agents.invited', { email: result.email })} <code data-testid="invite-password">{result.password}</code>
        </p>
      )}
      {result?.ok && result.password === null && (
        <p role="status" class="invite-result">
          {t('access.invitedEmail', { email: result.email })}
        </p>
      )}
      {result && !result.ok && (
        <p role="alert" class="form-error">
          {result.message}
        </p>
      )}
    </form>
  );
}
