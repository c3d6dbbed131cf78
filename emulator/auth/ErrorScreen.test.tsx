import type { ComponentChildren, VNode } from 'preact';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadLang } from '../ui/i18n';
import { LoginErrorScreen, type LoginErrorScreenProps } from './ErrorScreen';

/** A tiny DOM-free look at the rendered tree (the component has no hooks and no child components). */
type Node = { type: string; props: Record<string, unknown>; children: (Node | string)[] };

function expand(children: ComponentChildren): (Node | string)[] {
  if (children === null || children === undefined || typeof children === 'boolean') return [];
  if (typeof children === 'string' || typeof children === 'number' || typeof children === 'bigint')
    return [String(children)];
  if (Array.isArray(children)) return children.flatMap(expand);
  const vnode = children as VNode<Record<string, unknown>>;
  if (typeof vnode.type !== 'string') throw new Error('unexpected component child');
  const { children: inner, ...props } = vnode.props as { children?: ComponentChildren };
  return [{ type: vnode.type, props, children: expand(inner) }];
}

const textOf = (node: Node | string): string => (typeof node === 'string' ? node : node.children.map(textOf).join(''));

function find(root: Node, testid: string): Node | undefined {
  if (root.props['data-testid'] === testid) return root;
  for (const child of root.children) {
    if (typeof child === 'string') continue;
    const hit = find(child, testid);
    if (hit) return hit;
  }
  return undefined;
}

function render(props: LoginErrorScreenProps) {
  const [root] = expand(LoginErrorScreen(props));
  if (!root || typeof root === 'string') throw new Error('no root element');
  const get = (testid: string) => {
    const node = find(root, testid);
    if (!node) throw new Error(`no ${testid}`);
    return node;
  };
  return { root, get, has: (testid: string) => find(root, testid) !== undefined };
}

describe('LoginErrorScreen', () => {
  // Boot loads the language before it shows the screen (main.tsx); the English strings are a lazy chunk.
  beforeAll(() => loadLang('en'));

  it('defaults to Chinese titles per problem', () => {
    const titles = {
      malformed: '登录失败：令牌格式错误',
      expired: '登录失败：令牌已过期',
      signature: '登录失败：令牌签名无效',
      unsupported: '登录失败：不支持的签名算法',
    } as const;
    for (const [problem, title] of Object.entries(titles)) {
      const screen = render({ problem: problem as keyof typeof titles, message: 'Why.' });
      expect(screen.root.props['data-testid']).toBe('login-error');
      expect(screen.root.props['data-problem']).toBe(problem);
      expect(textOf(screen.get('login-error-title'))).toBe(title);
      expect(textOf(screen.get('login-error-message'))).toBe('Why.');
    }
  });

  it('speaks English with lang=en and shows when an expired token expired', () => {
    const screen = render({ problem: 'expired', message: 'The token expired.', lang: 'en', expiredAt: 1755316832000 });
    expect(textOf(screen.get('login-error-title'))).toBe('Login failed: token expired');
    expect(textOf(screen.get('login-error-expired'))).toBe('The token expired at 2025-08-16T04:00:32Z.');
    expect(textOf(screen.get('login-error-continue'))).toBe('Continue as the demo agent');
    expect(screen.get('login-error-continue').props.href).toBe('/agent/chat');
  });

  it('has the other English titles and no expiry line for other problems', () => {
    expect(textOf(render({ problem: 'malformed', message: '', lang: 'en' }).get('login-error-title'))).toBe(
      'Login failed: malformed token',
    );
    expect(textOf(render({ problem: 'signature', message: '', lang: 'en' }).get('login-error-title'))).toBe(
      'Login failed: invalid signature',
    );
    const unsupported = render({ problem: 'unsupported', message: '', lang: 'en', expiredAt: 1 });
    expect(textOf(unsupported.get('login-error-title'))).toBe('Login failed: unsupported algorithm');
    expect(unsupported.has('login-error-expired')).toBe(false);
  });

  it('links on with the given same-site path only', () => {
    const href = (continueHref: string) =>
      render({ problem: 'malformed', message: '', continueHref }).get('login-error-continue').props.href;
    expect(href('/agent/chat?lang=en#x')).toBe('/agent/chat?lang=en#x');
    expect(href('javascript:alert(1)')).toBe('/agent/chat');
    expect(href('//evil.example/agent/chat')).toBe('/agent/chat');
    expect(href('https://evil.example/')).toBe('/agent/chat');
  });

  it('renders the message as text, never as HTML', () => {
    const screen = render({ problem: 'malformed', message: '<img src=x onerror=alert(1)>' });
    expect(textOf(screen.get('login-error-message'))).toBe('<img src=x onerror=alert(1)>');
    const walk = (node: Node | string): boolean =>
      typeof node !== 'string' && ('dangerouslySetInnerHTML' in node.props || node.children.some(walk));
    expect(walk(screen.root)).toBe(false);
  });
});
