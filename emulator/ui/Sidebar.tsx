import { AgentMenu } from './AgentMenu';
import { t } from './i18n';
import { Icon, type IconName } from './icons';
import { CATEGORY_KEYS, type CategoryKey, type Workbench } from './model';

const NAV: Array<{ icon: IconName; label: 'nav.chat' | 'nav.contacts' | 'nav.docs' | 'nav.call' | 'nav.tickets' }> = [
  { icon: 'chat', label: 'nav.chat' },
  { icon: 'contacts', label: 'nav.contacts' },
  { icon: 'doc', label: 'nav.docs' },
  { icon: 'phone', label: 'nav.call' },
  { icon: 'book', label: 'nav.tickets' },
];

/** The far-left icon rail. Only 聊天 is emulated; the rest is there so the console looks like the vendor's. */
export function NavRail({ wb }: { wb: Workbench }) {
  return (
    <nav class="nav-rail" aria-label="main">
      <AgentMenu wb={wb} />
      {NAV.map((item, i) => (
        <div
          key={item.label}
          class={i === 0 ? 'nav-item active' : 'nav-item'}
          title={i === 0 ? undefined : t('nav.decorative')}
          aria-current={i === 0 ? 'page' : undefined}
        >
          <Icon name={item.icon} size={17} />
          <span>{t(item.label)}</span>
        </div>
      ))}
      <div class="nav-item" title={t('nav.decorative')}>
        <Icon name="gear" size={17} />
        <span>{t('nav.settings')}</span>
      </div>
      <div class="nav-spacer" />
      <div class="nav-item nav-bottom" title={t('nav.language')}>
        <Icon name="globe" size={18} />
      </div>
      <div class="nav-item nav-bottom" title={t('nav.decorative')}>
        <Icon name="gear" size={18} />
      </div>
    </nav>
  );
}

const CATEGORY_ICONS: Record<CategoryKey, IconName> = {
  chatting: 'play',
  unread: 'bell',
  workgroup: 'sitemap',
  agent: 'user',
  robot: 'robot',
  group: 'users',
  member: 'user',
  queuing: 'queue',
  all: 'all',
};

/** 分类: each category filters the list; the badge counts its threads. */
export function Categories({ wb }: { wb: Workbench }) {
  const counts = wb.counts.value;
  const selected = wb.category.value;
  return (
    <aside class="categories">
      <div class="categories-head">
        <Icon name="fold" size={16} />
        <span>{t('categories.title')}</span>
      </div>
      <ul class="category-list">
        {CATEGORY_KEYS.map((key) => (
          <li key={key}>
            <button
              type="button"
              class={key === selected ? 'category selected' : 'category'}
              data-testid={`category-${key}`}
              aria-pressed={key === selected}
              onClick={() => {
                wb.category.value = key;
              }}
            >
              <Icon name={CATEGORY_ICONS[key]} size={15} class="category-icon" />
              <span class="category-label">{t(`category.${key}`)}</span>
              <span class={counts[key] > 0 ? 'count-badge' : 'count-badge zero'} data-testid="category-count">
                {counts[key]}
              </span>
            </button>
          </li>
        ))}
      </ul>
    </aside>
  );
}
