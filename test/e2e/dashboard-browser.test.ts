// The dashboard in headless Chromium against a real server (real SQLite) and a
// mock OpenAI upstream: login, providers, keys with copy-once and real SDK
// traffic, the charts' data points, access tokens (the CLI then gets 401),
// tunnels, and screenshots of every page at 1280 px and 390 px. Waits use locators:
// waitForFunction with a string is an eval, which the dashboard's CSP (rightly) blocks.
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import OpenAI from 'openai';
import { runCli, cleanEnv } from '../helpers/cli.js';
import { connectToken, PASSWORD, startGuardServer, type GuardServer } from '../helpers/guard-server.js';
import { startMockOpenAI, type MockOpenAI } from '../helpers/mock-openai.js';
import { hasChromium, launch, login, SHOTS, T, waitFor, type TestBrowser } from './dashboard/browser.js';

const skip = hasChromium ? false : 'no /usr/bin/chromium';
let gs: GuardServer;
let mock: MockOpenAI;
let tb: TestBrowser;
let fakeDir: string;

/** A fake `cloudflared`: prints a quick-tunnel URL the way the real one does, then stays up. */
function fakeCloudflared(): string {
  fakeDir = mkdtempSync(join(tmpdir(), 'sy-fake-cf-'));
  const bin = join(fakeDir, 'cloudflared');
  writeFileSync(bin, `#!${process.execPath}\nprocess.stderr.write('INF |  https://dash-e2e-test.trycloudflare.com  |\\n');\nsetInterval(() => {}, 1000);\nprocess.on('SIGTERM', () => process.exit(0));\n`);
  chmodSync(bin, 0o755);
  return bin;
}

before(async () => {
  if (skip) return;
  if (!existsSync(new URL('../../dist/dashboard/index.html.br', import.meta.url))) execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
  mkdirSync(SHOTS, { recursive: true });
  mock = await startMockOpenAI({ models: ['gpt-mock'], reply: 'hello from the mock' });
  gs = await startGuardServer({ CLOUDFLARED_BIN: fakeCloudflared() });
  tb = await launch();
});
after(async () => {
  if (skip) return;
  await tb.close();
  await gs.close();
  await mock.close();
  rmSync(fakeDir, { recursive: true, force: true });
});

test('the whole flow: login, provider, key with copy-once, real traffic in the charts, tokens, tunnels, screenshots', { skip, timeout: 240_000 }, async () => {
  const { page, context, problems } = await tb.newPage({ allowStatuses: [401, 404] });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: gs.url });

  // Login: an unauthenticated visit lands on the login page with the page kept.
  await page.goto(`${gs.url}/dashboard/keys`);
  await page.waitForURL(/\/dashboard\/login\?next=%2Fdashboard%2Fkeys/, T);
  await page.screenshot({ path: join(SHOTS, 'login-1280.png') });
  await login(page, 'wrong password');
  assert.match(await page.locator('[role=alert]').textContent(T) ?? '', /Wrong password/);
  await login(page, PASSWORD);
  await page.waitForURL(/\/dashboard\/keys$/, T);
  const cookie = (await context.cookies()).find((c) => c.name === 'switchyard_session');
  assert.ok(cookie?.httpOnly);
  assert.equal(cookie?.sameSite, 'Strict');

  // Providers: add one pointing at the mock upstream, then test it.
  await page.click('nav >> text=Providers');
  await page.waitForSelector('text=No providers yet', T);
  await page.fill('#p-name', 'mock');
  await page.fill('#p-url', mock.url);
  await page.fill('#p-key', 'sk-upstream');
  await page.fill('#p-models', 'gpt-mock');
  await page.click('text=Add provider');
  const row = page.locator('tr[data-provider=mock]');
  await row.waitFor(T);
  assert.doesNotMatch(await page.content(), /sk-upstream/, 'the provider key is write-only');
  await row.locator('text=Test').click();
  await page.locator('tr[data-provider=mock] .result').filter({ hasText: /^OK/ }).waitFor(T);

  // Keys: create, the secret shown once, copied, used for real requests.
  await page.click('nav >> text=Keys');
  await page.fill('#key-name', 'e2e');
  await page.click('text=Create key');
  const secret = (await page.locator('[data-testid=secret]').textContent(T)) ?? '';
  assert.match(secret, /^sk-sy-/);
  await page.click('.secret button:text-is("Copy")');
  await page.waitForSelector('.secret >> text=Copied', T).catch((e: unknown) => {
    throw new Error(`${String(e)}\n${problems.join('\n')}`);
  });
  assert.equal(await page.evaluate('navigator.clipboard.readText()'), secret);
  const client = new OpenAI({ baseURL: `${gs.url}/v1`, apiKey: secret });
  for (let i = 0; i < 3; i++) {
    const r = await client.chat.completions.create({ model: 'mock/gpt-mock', messages: [{ role: 'user', content: `hi ${i}` }] });
    assert.equal(r.choices[0]?.message.content, 'hello from the mock');
  }
  await page.reload();
  await page.waitForSelector('[data-testid=key-prefix]', T);
  const shown = await page.locator('[data-testid=key-prefix]').textContent();
  assert.match(shown ?? '', /^sk-sy-.{4}\u2026$/);
  assert.ok(!(await page.content()).includes(secret), 'the secret is masked after a reload');

  // Overview: the three requests in the stats and in the chart's data points.
  await page.click('nav >> text=Overview');
  await waitFor(async () => ((await page.locator('[data-testid=stat-requests]').textContent()) === '3' ? true : undefined), 'overview count', 60_000);
  const points = JSON.parse((await page.locator('figure.chart').first().getAttribute('data-points')) ?? '[]') as number[][];
  assert.equal(points[0]?.reduce((a, b) => a + b, 0), 3, 'requests series sums to 3');
  assert.equal(points[1]?.reduce((a, b) => a + b, 0), 0, 'no errors');
  assert.equal(await page.locator('figure.chart canvas').count() >= 1, true);

  // Usage: by model, one group with three requests.
  await page.click('nav >> text=Usage');
  await page.waitForSelector('figure.chart', T);
  const usagePoints = JSON.parse((await page.locator('figure.chart').first().getAttribute('data-points')) ?? '[]') as number[][];
  assert.deepEqual(usagePoints[0], [3]);
  const [download] = await Promise.all([page.waitForEvent('download', T), page.click('text=Export CSV')]);
  assert.match(download.suggestedFilename(), /^usage-by-model-7d\.csv$/);

  // Access tokens: create (copy-once), revoke; the CLI with that token then gets 401.
  await page.click('nav >> text=Access tokens');
  await page.fill('#t-name', 'for-cli');
  await page.click('text=Create token');
  const token = (await page.locator('[data-testid=secret]').textContent(T)) ?? '';
  assert.match(token, /^sya_live_/);
  const home = mkdtempSync(join(tmpdir(), 'sy-dash-home-'));
  const env = { ...cleanEnv(), HOME: home, XDG_CONFIG_HOME: join(home, '.config'), SWITCHYARD_URL: gs.url, SWITCHYARD_TOKEN: token };
  const before = await runCli(['keys', 'list'], { env });
  assert.equal(before.code, 0, before.stderr);
  page.once('dialog', (d) => void d.accept());
  await page.locator('tr[data-token=for-cli] >> text=Revoke').click();
  await page.waitForSelector('tr[data-token=for-cli] >> text=revoked', T);
  const afterRevoke = await runCli(['keys', 'list'], { env });
  assert.notEqual(afterRevoke.code, 0);
  assert.match(afterRevoke.stderr + afterRevoke.stdout, /401|Invalid or expired/);
  rmSync(home, { recursive: true, force: true });

  // Tunnels: SPEC §5 shape when the route exists, a clean empty state when it answers 404.
  await page.click('nav >> text=Tunnels');
  const tunnels = await gs.send('/api/tunnels/cloudflared', { headers: { cookie: `${cookie?.name}=${cookie?.value}` } });
  if (tunnels.status === 404) {
    await page.waitForSelector('[data-tunnel=cloudflared] >> text=Tunnels are not available on this server', T);
  } else {
    await page.waitForSelector('[data-testid=cloudflared-phase]', T);
    await page.locator('[data-tunnel=cloudflared] button:text-is("Enable")').click();
    const url = await page.locator('[data-testid=cloudflared-url]').textContent({ timeout: 60_000 });
    assert.equal(url, 'https://dash-e2e-test.trycloudflare.com');
    await page.locator('[data-tunnel=cloudflared] button:text-is("Disable")').click();
    await page.waitForSelector('[data-testid=cloudflared-phase] >> text=stopped', { timeout: 60_000 });
  }

  // Every page at both widths.
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    for (const [path, name] of [['', 'overview'], ['providers', 'providers'], ['models', 'models'], ['keys', 'keys'], ['usage', 'usage'], ['logs', 'logs'], ['settings/tokens', 'tokens'], ['settings/tunnels', 'tunnels'], ['settings/security', 'security']]) {
      await page.goto(`${gs.url}/dashboard/${path}`);
      await page.waitForSelector('main h2', T);
      await page.locator('[role=status].state').waitFor({ state: 'detached', ...T });
      const overflow = (await page.evaluate('document.documentElement.scrollWidth - window.innerWidth')) as number;
      assert.ok(overflow <= 1, `${name} at ${width}px scrolls sideways by ${overflow}px`);
      await page.screenshot({ path: join(SHOTS, `${name}-${width}.png`), fullPage: true });
    }
  }

  // Logout: back to login, and the session is gone on the server.
  await page.click('text=Log out');
  await page.waitForURL(/\/dashboard\/login/, T);
  assert.deepEqual(problems, []);
});

test('the sixth wrong password shows the lockout (the same lockout as /api/auth/login)', { skip, timeout: 120_000 }, async () => {
  const { page, problems } = await tb.newPage({ allowStatuses: [401, 429] });
  // A fresh server, so this test's lockout of 127.0.0.1 cannot affect the other test.
  const other = await startGuardServer();
  try {
    await page.goto(`${other.url}/dashboard/login`);
    // Failures 1-4 say so; the fifth starts the lockout, and the sixth attempt (the right
    // password) is refused by it too.
    for (let i = 1; i <= 4; i++) {
      await login(page, `wrong ${i}`);
      await page.locator('[role=alert]').waitFor(T);
      await page.locator('button[type=submit]:not([disabled])').waitFor(T);
      assert.match((await page.locator('[role=alert]').textContent()) ?? '', /Wrong password/, `attempt ${i}`);
    }
    await login(page, 'wrong 5');
    await page.locator('[role=alert]').filter({ hasText: 'Locked out' }).waitFor(T);
    await page.locator('button[type=submit]:not([disabled])').waitFor(T);
    await page.evaluate("document.querySelector('[role=alert]').textContent = ''");
    await login(page, PASSWORD);
    await page.locator('[role=alert]').filter({ hasText: 'Locked out' }).waitFor(T);
    const api = await other.send('/api/auth/login', { method: 'POST', body: { password: PASSWORD } });
    assert.equal(api.status, 429);
    assert.ok(api.headers['retry-after']);
    assert.deepEqual(problems, []);
  } finally {
    await other.close();
  }
});

test('a read-scope visitor sees the pages with every write disabled, and the server refuses the write anyway', { skip, timeout: 120_000 }, async () => {
  const { page, problems } = await tb.newPage({ allowStatuses: [403] });
  const { token } = await connectToken(gs, 'read');
  await page.goto(`${gs.url}/dashboard/login?next=%2Fdashboard%2Fkeys`);
  await login(page, token);
  await page.waitForURL(/\/dashboard\/keys$/, T);
  await page.waitForSelector('.who >> text=read-only', T);
  await page.locator('table, .state.empty').first().waitFor(T);
  assert.equal(await page.locator('button:text-is("Create key")').isDisabled(), true);
  assert.equal(await page.locator('#key-name').isDisabled(), true);
  await page.click('nav >> text=Providers');
  await page.waitForSelector('tr[data-provider=mock]', T);
  assert.equal(await page.locator('button:text-is("Add provider")').isDisabled(), true);
  assert.equal(await page.locator('tr[data-provider=mock] button:text-is("Delete")').isDisabled(), true);
  assert.equal(await page.locator('tr[data-provider=mock] button:text-is("Edit")').isDisabled(), true);
  await page.click('nav >> text=Models');
  await page.waitForSelector('button:text-is("New combo")', T);
  assert.equal(await page.locator('button:text-is("New combo")').isDisabled(), true);
  await page.click('nav >> text=Security');
  await page.waitForSelector('form[aria-label="Change password"]', T);
  assert.equal(await page.locator('form[aria-label="Change password"] button[type=submit]').isDisabled(), true);
  // The UI is never the only check: the same request made by hand is refused.
  const status = await page.evaluate(
    `fetch('/api/keys', { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer ${token}' }, body: JSON.stringify({ name: 'sneaky' }) }).then((r) => r.status)`,
  );
  assert.equal(status, 403);
  assert.deepEqual(problems, []);
});
