import { useRef, useState } from 'preact/hooks';
import { t } from './i18n';
import type { Workbench } from './model';
import { useDismiss } from './useDismiss';

/**
 * Who is logged in (docs/protocol.md §8), as the vendor's rail shows it: the agent's avatar, its nickname and
 * username on hover, and a menu (`agent-menu`) naming both. Nickname and username come from the token, so they
 * are rendered as text only.
 */
export function AgentMenu({ wb }: { wb: Workbench }) {
  const agent = wb.world.value.agent;
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  useDismiss(open, () => setOpen(false), root);

  return (
    <div class="nav-avatar" ref={root}>
      <button
        type="button"
        class="nav-avatar-button"
        data-testid="agent-avatar"
        title={`${agent.nickname} (${agent.email})`}
        aria-label={t('agent.menu', { name: agent.nickname })}
        aria-haspopup="dialog"
        aria-expanded={open}
        onClick={() => setOpen(!open)}
      >
        <img src={agent.avatar} alt="" width={40} height={40} />
        <span class={`presence presence-${agent.status}`} />
      </button>
      {open && (
        <div class="agent-menu" role="dialog" aria-label={t('agent.loggedIn')} data-testid="agent-menu">
          <div class="agent-menu-head">
            <img src={agent.avatar} alt="" width={36} height={36} />
            <div class="agent-menu-who">
              <div class="agent-menu-nickname" data-testid="agent-nickname">
                {agent.nickname}
              </div>
              <div class="agent-menu-username" data-testid="agent-username">
                {agent.email}
              </div>
            </div>
          </div>
          <div class="agent-menu-note">{t('agent.loggedIn')}</div>
        </div>
      )}
    </div>
  );
}
