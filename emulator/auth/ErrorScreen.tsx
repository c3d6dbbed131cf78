/**
 * The full-page screen for a refused accessToken (docs/protocol.md §8: never a blank page). Which problem, the
 * reason in words, when an expired token expired, and a way on as the demo agent. Text only (no innerHTML):
 * the message may quote pieces of an untrusted token header or payload.
 */
import { translate } from '../ui/i18n';
import { isoDate } from './format';
import type { TokenProblem } from './token';

export interface LoginErrorScreenProps {
  problem: TokenProblem;
  message: string;
  /** zh (the vendor console's language) unless `en`. */
  lang?: 'zh' | 'en' | undefined;
  /** For `expired`: when the token expired (ms since the epoch). */
  expiredAt?: number | undefined;
  /** The demo workbench, e.g. the login outcome's `demoUrl`; a same-site path, `/agent/chat` by default. */
  continueHref?: string | undefined;
}

const PROBLEMS: readonly string[] = ['malformed', 'expired', 'signature', 'unsupported'];

/** Only a same-site absolute path (no `//host`, no scheme) may be the way on. */
const safeHref = (href: string | undefined) =>
  typeof href === 'string' && href.startsWith('/') && !href.startsWith('//') && !href.includes('\\')
    ? href
    : '/agent/chat';

export function LoginErrorScreen({ problem, message, lang, expiredAt, continueHref }: LoginErrorScreenProps) {
  const language = lang === 'en' ? 'en' : 'zh';
  const title = PROBLEMS.includes(problem)
    ? translate(language, `login.${problem}`)
    : translate(language, 'login.fallback');
  const showExpiry = problem === 'expired' && typeof expiredAt === 'number' && Number.isFinite(expiredAt);
  return (
    <main
      data-testid="login-error"
      data-problem={problem}
      lang={language === 'en' ? 'en' : 'zh-CN'}
      style={{
        boxSizing: 'border-box',
        minHeight: '100vh',
        margin: '0',
        padding: '48px 24px',
        display: 'flex',
        alignItems: 'flex-start',
        justifyContent: 'center',
        background: '#f5f5f5',
        color: '#1f1f1f',
        fontFamily: '-apple-system, BlinkMacSystemFont, "Segoe UI", "PingFang SC", "Microsoft YaHei", sans-serif',
      }}
    >
      <div
        role="alert"
        style={{
          maxWidth: '560px',
          width: '100%',
          background: '#fff',
          border: '1px solid #ffccc7',
          borderTop: '4px solid #ff4d4f',
          borderRadius: '8px',
          padding: '24px 28px',
          boxShadow: '0 2px 8px rgba(0, 0, 0, 0.06)',
        }}
      >
        <h1 data-testid="login-error-title" style={{ margin: '0 0 12px', fontSize: '20px', color: '#cf1322' }}>
          {title}
        </h1>
        <p
          data-testid="login-error-message"
          style={{ margin: '0 0 12px', lineHeight: '1.6', overflowWrap: 'anywhere', whiteSpace: 'pre-wrap' }}
        >
          {message}
        </p>
        {showExpiry && (
          <p data-testid="login-error-expired" style={{ margin: '0 0 12px', lineHeight: '1.6' }}>
            {translate(language, 'login.expiredAt', { when: isoDate(expiredAt) })}
          </p>
        )}
        <p style={{ margin: '0 0 20px', lineHeight: '1.6', color: '#8c8c8c' }}>{translate(language, 'login.hint')}</p>
        <a
          data-testid="login-error-continue"
          href={safeHref(continueHref)}
          style={{
            display: 'inline-block',
            padding: '6px 16px',
            borderRadius: '6px',
            background: '#1677ff',
            color: '#fff',
            textDecoration: 'none',
          }}
        >
          {translate(language, 'login.continue')}
        </a>
      </div>
    </main>
  );
}
