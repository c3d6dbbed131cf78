import { describeChaos } from '../bridge/chaos';
import type { Runtime } from '../simulator/runtime';
import { t } from './i18n';

/** `+812 ms` after the document started, or `—` when it has not happened. */
const since = (start: number, at: number | null) => (at === null ? '—' : `+${Math.max(0, at - start)} ms`);

/**
 * The inspector's boot timeline (docs/protocol.md §11): when the document started, when the console began to listen,
 * when it became ready, when the host's first command came, and how many commands arrived too early. Under
 * `chaos=` it says, in the emulator's stripes, that what the host receives is tampered with on purpose.
 */
export function BootTimeline({ runtime }: { runtime: Runtime }) {
  const boot = runtime.boot.value;
  const { chaos } = runtime.options.params;
  const early = boot.firstCommand !== null && boot.ready !== null && boot.firstCommand < boot.ready;
  return (
    <>
      <dl class="boot-timeline" data-testid="boot-timeline" data-early={boot.early}>
        <dt>{t('boot.document')}</dt>
        <dd>{boot.bootDelay > 0 ? t('boot.delay', { ms: boot.bootDelay }) : '0 ms'}</dd>
        <dt>{t('boot.listener')}</dt>
        <dd data-testid="boot-listener">{since(boot.documentStart, boot.listener)}</dd>
        <dt>{t('boot.ready')}</dt>
        <dd data-testid="boot-ready">{since(boot.documentStart, boot.ready)}</dd>
        <dt>{t('boot.firstCommand')}</dt>
        <dd data-testid="boot-first-command" class={early ? 'boot-early' : undefined}>
          {since(boot.documentStart, boot.firstCommand)}
        </dd>
        <dt>{t('boot.early')}</dt>
        <dd data-testid="boot-early" class={boot.early > 0 ? 'boot-early' : undefined}>
          {boot.early}
        </dd>
      </dl>
      {chaos && (
        <div class="inspector-chaos emulator-stripes" data-testid="inspector-chaos" role="note">
          {t('boot.chaos', { chaos: describeChaos(chaos) })}
        </div>
      )}
    </>
  );
}
