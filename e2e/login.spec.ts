import { expect, test } from '@playwright/test';
import { SignJWT } from 'jose';
import { signAccessToken } from '../emulator/auth/token';
import { emulatorFrame } from './support/host';
import { E2E_JWT_SECRET, EMULATOR_ORIGIN, emulatorUrl, OTHER_JWT_SECRET } from './support/urls';

const token = (options: { username?: string; secret?: string; now?: number; expiresInSeconds?: number } = {}) =>
  signAccessToken({
    username: options.username ?? 'alice@example.com',
    secret: options.secret ?? E2E_JWT_SECRET,
    now: options.now ?? Date.now(),
    expiresInSeconds: options.expiresInSeconds,
  });

test.describe('accessToken login (docs/protocol.md §8)', () => {
  test('/agent/auth/login?accessToken= logs in, stores the token, strips it and goes on to /agent/chat', async ({
    page,
  }) => {
    const jwt = await token();
    await page.goto(emulatorUrl({ accessToken: jwt, lang: 'en' }, '/agent/auth/login'));
    const frame = await emulatorFrame(page);
    expect(page.url()).toBe(emulatorUrl({ lang: 'en' }, '/agent/chat'));
    expect(page.url()).not.toContain(jwt);
    expect(await frame.evaluate(() => localStorage.getItem('ACCESS_TOKEN'))).toBe(jwt);
    const { agent } = await frame.evaluate(() => window.emulator.state());
    expect(agent).toMatchObject({ email: 'alice@example.com', nickname: 'alice' });

    // The stored token keeps the agent logged in on the next visit, with no parameter.
    await page.goto(emulatorUrl({}, '/desktop'));
    const again = await emulatorFrame(page);
    expect((await again.evaluate(() => window.emulator.state())).agent.email).toBe('alice@example.com');
  });

  test("a token as the vendor's server issues it logs in, and the workbench shows who: nickname and username", async ({
    page,
  }) => {
    // Signed here as the vendor's JwtUtils does, without the emulator's signer: key = Base64-decode of the
    // vendor's default bytedesk.jwt.secret-key (48 bytes, so HS384), sub with alphabetical keys, 30 days.
    const key = Buffer.from('1dfaf8d004207b628a9a6b859c429f49a9a7ead9fd8161c1e60847aeef06dbd2', 'base64');
    const iat = Math.floor(Date.now() / 1000);
    const jwt = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS384' })
      .setSubject('{"platform":"bytedesk","username":"integrator@example.com"}')
      .setIssuedAt(iat)
      .setExpirationTime(iat + 30 * 86400)
      .sign(key);
    await page.goto(emulatorUrl({ accessToken: jwt }, '/agent/auth/login'));
    await emulatorFrame(page);
    expect(page.url()).toBe(emulatorUrl({}, '/agent/chat'));
    const avatar = page.getByTestId('agent-avatar');
    await expect(avatar).toHaveAttribute('title', 'integrator (integrator@example.com)');
    await avatar.click();
    await expect(page.getByTestId('agent-nickname')).toHaveText('integrator');
    await expect(page.getByTestId('agent-username')).toHaveText('integrator@example.com');
    await expect(page.getByTestId('agent-menu')).toContainText('当前登录的客服账号');
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('agent-menu')).toHaveCount(0);
    // Narrow screens hide the rail: 退出登录 in the status bar still names the user on hover.
    await expect(page.getByTestId('status-bar-logout')).toHaveAttribute(
      'title',
      /^integrator \(integrator@example\.com\) · /,
    );

    // A username is the token's text: shown as text (lower-cased by the signer, as the vendor's), never markup.
    const hostile = await token({ username: '<img src=x onerror=alert(1)>@Example.com' });
    await page.goto(emulatorUrl({ accessToken: hostile, lang: 'en' }, '/agent/chat'));
    await emulatorFrame(page);
    await page.getByTestId('agent-avatar').click();
    await expect(page.getByTestId('agent-username')).toHaveText('<img src=x onerror=alert(1)>@example.com');
    await expect(page.getByTestId('agent-menu')).toContainText('The agent account logged in');
    await expect(page.getByTestId('agent-menu').locator('img[src="x"]')).toHaveCount(0);
  });

  test('without a token the demo agent is logged in and the console says so', async ({ page }) => {
    await page.goto(emulatorUrl());
    const frame = await emulatorFrame(page);
    expect((await frame.evaluate(() => window.emulator.state())).agent).toMatchObject({
      email: 'admin@email.com',
      nickname: 'SuperAdmin',
    });
    await expect(page.getByTestId('notice').filter({ hasText: 'demo agent' })).toBeVisible();
  });

  const BAD: Array<[string, () => Promise<string>, RegExp]> = [
    ['malformed', async () => 'not.a-token', /令牌格式错误/],
    ['expired', () => token({ now: Date.now() - 40 * 24 * 3600 * 1000 }), /令牌已过期/],
    ['signature', () => token({ secret: OTHER_JWT_SECRET }), /令牌签名无效/],
    [
      'unsupported',
      async () => {
        const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
        const sub = JSON.stringify({ platform: 'bytedesk', username: 'mallory' });
        const now = Math.floor(Date.now() / 1000);
        return `${b64({ alg: 'none' })}.${b64({ sub, iat: now, exp: now + 3600 })}.`;
      },
      /不支持的签名算法/,
    ],
  ];
  for (const [problem, make, text] of BAD) {
    test(`a ${problem} token gets its own error screen, is not stored and leaves the address bar`, async ({ page }) => {
      const jwt = await make();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(emulatorUrl({ accessToken: jwt }, '/agent/chat'));
      const screen = page.getByTestId('login-error');
      await expect(screen).toBeVisible();
      await expect(screen).toHaveAttribute('data-problem', problem);
      await expect(page.getByTestId('login-error-title')).toHaveText(text);
      expect(page.url().startsWith(EMULATOR_ORIGIN)).toBe(true);
      expect(page.url()).not.toContain('accessToken');
      expect(await page.evaluate(() => localStorage.getItem('ACCESS_TOKEN'))).toBeNull();
      expect(await page.content()).not.toContain(jwt.slice(0, 40));
      expect(errors).toEqual([]);
    });
  }
});
