// The dashboard's editing pages in headless Chromium against a real server and
// a mock upstream: edit a provider (the new key reaches the upstream, never the
// page), create and edit a combo (order, strategy, weights) and call it, key
// limits, the log filters on the server and in the live tail, the Tailscale
// and ngrok panels against fakes, and changing the password. Each part is
// checked against the API, and screenshots of the forms are taken at both widths.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import OpenAI from 'openai';
import type { Page } from 'playwright-core';
import { ROOT } from '../helpers/cli.js';
import { cli, PASSWORD, startGuardServer, type GuardServer } from '../helpers/guard-server.js';
import { startMockOpenAI, type MockOpenAI } from '../helpers/mock-openai.js';
import { hasChromium, launch, login, SHOTS, sidewaysOverflow, T, waitFor, type TestBrowser } from './dashboard/browser.js';

const skip = hasChromium ? false : 'no /usr/bin/chromium';
let gs: GuardServer;
let mock: MockOpenAI;
let tb: TestBrowser;
let tmp: string;
let secret: string;
let client: OpenAI;

before(async () => {
  if (skip) return;
  if (!existsSync(join(ROOT, 'dist/dashboard/index.html.br'))) execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit', cwd: ROOT });
  mkdirSync(SHOTS, { recursive: true });
  tmp = mkdtempSync(join(tmpdir(), 'sy-dash-edit-'));
  writeFileSync(join(tmp, 'tailscale.json'), '{}');
  mock = await startMockOpenAI({ models: ['gpt-mock', 'gpt-mock-2'], reply: 'hello from the mock' });
  gs = await startGuardServer({
    TAILSCALE_BIN: join(ROOT, 'test/fixtures/tunnels/fake-tailscale'),
    FAKE_TAILSCALE_STATE: join(tmp, 'tailscale.json'),
    SWITCHYARD_NGROK_MODULE: join(ROOT, 'test/fixtures/tunnels/fake-ngrok.mjs'),
    NGROK_AUTHTOKEN: '',
  });
  const p = await gs.send('/api/providers', { method: 'POST', headers: cli, body: { name: 'mock', baseUrl: mock.url, apiKey: 'sk-upstream-1', models: ['gpt-mock'] } });
  assert.equal(p.status, 201, p.text);
  secret = (await gs.send('/api/keys', { method: 'POST', headers: cli, body: { name: 'e2e' } })).json().key as string;
  client = new OpenAI({ baseURL: `${gs.url}/v1`, apiKey: secret, maxRetries: 0 });
  tb = await launch();
});
after(async () => {
  if (skip) return;
  await tb?.close();
  await gs?.close();
  await mock?.close();
  rmSync(tmp, { recursive: true, force: true });
});

async function loggedIn(allowStatuses: number[] = []): Promise<{ page: Page; problems: string[] }> {
  const { page, problems } = await tb.newPage({ allowStatuses });
  await page.goto(`${gs.url}/dashboard/login`);
  await login(page, PASSWORD);
  await page.waitForURL(/\/dashboard\/$/, T);
  return { page, problems };
}

async function go(page: Page, path: string): Promise<void> {
  await page.goto(`${gs.url}/dashboard/${path}`);
  await page.waitForSelector('main h2', T);
  await page.locator('[role=status].state').waitFor({ state: 'detached', ...T });
}

/** The form as it is, at both widths: it must fit a phone without sideways scrolling. */
async function shoot(page: Page, name: string, form: string): Promise<void> {
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await page.locator(form).waitFor(T);
    const overflow = await sidewaysOverflow(page);
    assert.ok(overflow <= 1, `${name} at ${width}px scrolls sideways by ${overflow}px`);
    await page.screenshot({ path: join(SHOTS, `${name}-${width}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

const chat = (model: string) => client.chat.completions.create({ model, messages: [{ role: 'user', content: 'hi' }] });

test('providers: edit (new models and key reach the upstream, never the page), add from a preset, delete with confirmation', { skip, timeout: 90_000 }, async () => {
  const { page, problems } = await loggedIn([400]);
  await go(page, 'providers');
  await page.locator('tr[data-provider=mock] button:text-is("Edit")').click();
  await shoot(page, 'provider-edit', 'form.edit');
  assert.equal(await page.inputValue('#pe-key'), '', 'the stored key is never shown');
  await page.fill('#pe-models', 'gpt-mock, gpt-mock-2');
  await page.fill('#pe-key', 'sk-upstream-2');
  await page.click('text=Save provider');
  await page.locator('form.edit').waitFor({ state: 'detached', ...T });
  await page.locator('tr[data-provider=mock] >> text=gpt-mock, gpt-mock-2').waitFor(T);
  assert.doesNotMatch(await page.content(), /sk-upstream/);
  const saved = (await gs.send('/api/providers/mock', { headers: cli })).json().provider as { models: { id: string }[]; baseUrl: string };
  assert.deepEqual(saved.models.map((m) => m.id), ['gpt-mock', 'gpt-mock-2']);
  assert.equal(saved.baseUrl, mock.url, 'an untouched field is not sent');
  await chat('mock/gpt-mock-2');
  assert.equal(mock.chatRequests().at(-1)?.headers.authorization, 'Bearer sk-upstream-2');
  // A bad edit shows the server's reason and changes nothing.
  await page.locator('tr[data-provider=mock] button:text-is("Edit")').click();
  await page.fill('#pe-url', 'http://169.254.169.254/v1');
  await page.click('text=Save provider');
  await page.locator('form.edit [role=alert]').filter({ hasText: /link-local or cloud metadata/ }).waitFor(T);
  await page.click('form.edit >> text=Cancel');
  assert.equal(((await gs.send('/api/providers/mock', { headers: cli })).json().provider as { baseUrl: string }).baseUrl, mock.url);

  // Disable and enable again.
  await page.locator('tr[data-provider=mock] button:text-is("Disable")').click();
  await page.locator('tr[data-provider=mock] button:text-is("Enable")').waitFor(T);
  assert.equal(((await gs.send('/api/providers/mock', { headers: cli })).json().provider as { enabled: boolean }).enabled, false);
  await page.locator('tr[data-provider=mock] button:text-is("Enable")').click();
  await page.locator('tr[data-provider=mock] button:text-is("Disable")').waitFor(T);
  assert.equal(((await gs.send('/api/providers/mock', { headers: cli })).json().provider as { enabled: boolean }).enabled, true);

  // Add from a preset (name and base URL come from it), then delete it: cancelling the confirmation keeps it.
  await page.selectOption('#p-preset', 'groq');
  assert.equal(await page.getAttribute('#p-url', 'placeholder'), 'https://api.groq.com/openai/v1');
  await page.fill('#p-key', 'gsk-not-a-real-key');
  await page.click('text=Add provider');
  await page.locator('tr[data-provider=groq]').waitFor(T);
  const groq = (await gs.send('/api/providers/groq', { headers: cli })).json().provider as { preset: string; models: unknown[] };
  assert.equal(groq.preset, 'groq');
  assert.ok(groq.models.length > 0, "the preset's models");
  page.once('dialog', (d) => void d.dismiss());
  await page.locator('tr[data-provider=groq] button:text-is("Delete")').click();
  await new Promise((r) => setTimeout(r, 300));
  assert.equal((await gs.send('/api/providers/groq', { headers: cli })).status, 200, 'kept when the confirmation is cancelled');
  page.once('dialog', (d) => void d.accept());
  await page.locator('tr[data-provider=groq] button:text-is("Delete")').click();
  await page.locator('tr[data-provider=groq]').waitFor({ state: 'detached', ...T });
  assert.equal((await gs.send('/api/providers/groq', { headers: cli })).status, 404);
  assert.deepEqual(problems, []);
});

test('create a combo with ordered targets, call it, then edit it to weighted', { skip, timeout: 90_000 }, async () => {
  const { page, problems } = await loggedIn([409]);
  await go(page, 'models');
  await page.locator('td >> text=mock/gpt-mock-2').waitFor(T);
  await page.click('text=New combo');
  await page.fill('#cn-name', 'fast');
  await page.selectOption('#cn-t0', 'mock/gpt-mock-2');
  await page.click('text=Add target');
  await page.selectOption('#cn-t1', 'mock/gpt-mock');
  await page.click('[aria-label="Move target 2 up"]');
  await shoot(page, 'combo-new', 'form.combo-form');
  await page.click('text=Create combo');
  await page.locator('tr[data-combo=fast] [data-testid=combo-targets]').filter({ hasText: 'mock/gpt-mock → mock/gpt-mock-2' }).waitFor(T);
  const combo = (await gs.send('/api/combos/fast', { headers: cli })).json().combo as { strategy: string; targets: { model: string; weight?: number }[] };
  assert.deepEqual(combo, { ...combo, strategy: 'fallback', targets: [{ model: 'mock/gpt-mock' }, { model: 'mock/gpt-mock-2' }] });
  await chat('fast');
  assert.equal((mock.chatRequests().at(-1)?.body as { model: string }).model, 'gpt-mock', 'fallback tries the first target');
  // The server's refusal is shown in the form: the name is taken.
  await page.click('text=New combo');
  await page.fill('#cn-name', 'fast');
  await page.selectOption('#cn-t0', 'mock/gpt-mock');
  await page.click('text=Create combo');
  await page.locator('form.combo-form [role=alert]').filter({ hasText: /already exists/ }).waitFor(T);

  await page.locator('tr[data-combo=fast] button:text-is("Edit")').click();
  assert.equal(await page.locator('#ce-name').isDisabled(), true, 'the name is the address; it does not change');
  await page.selectOption('#ce-strategy', 'weighted');
  await page.fill('#ce-w0', '3');
  await page.fill('#ce-w1', '1');
  await shoot(page, 'combo-edit', 'form.combo-form');
  await page.click('text=Save combo');
  await page.locator('tr[data-combo=fast] [data-testid=combo-targets]').filter({ hasText: 'mock/gpt-mock (3) → mock/gpt-mock-2 (1)' }).waitFor(T);
  const edited = (await gs.send('/api/combos/fast', { headers: cli })).json().combo as { strategy: string; targets: unknown[] };
  assert.equal(edited.strategy, 'weighted');
  assert.deepEqual(edited.targets, [{ model: 'mock/gpt-mock', weight: 3 }, { model: 'mock/gpt-mock-2', weight: 1 }]);
  assert.deepEqual(problems, []);
});

test('key limits: daily budget, expiry and allowed models are saved and enforced', { skip, timeout: 60_000 }, async () => {
  const { page, problems } = await loggedIn();
  await go(page, 'keys');
  await page.fill('#key-name', 'limited');
  await page.fill('#key-rpm', '60');
  await page.fill('#key-daily', '2.5');
  await page.fill('#key-days', '7');
  await page.fill('#key-models', 'mock/gpt-mock');
  await page.click('text=Create key');
  const limited = (await page.locator('[data-testid=secret]').textContent(T)) ?? '';
  const cell = (await page.locator('tr[data-key=limited] [data-testid=key-limits]').textContent(T)) ?? '';
  assert.match(cell, /60 rpm/);
  assert.match(cell, /\$2\.50\/day/);
  assert.match(cell, /only mock\/gpt-mock/);
  assert.match(cell, /expires /);
  const k = ((await gs.send('/api/keys', { headers: cli })).json().keys as Array<{ name: string; dailyBudgetUsd: number; allowedModels: string[]; expiresAt: number; rpmLimit: number }>).find((x) => x.name === 'limited');
  assert.equal(k?.dailyBudgetUsd, 2.5);
  assert.equal(k?.rpmLimit, 60);
  assert.deepEqual(k?.allowedModels, ['mock/gpt-mock']);
  assert.ok(Math.abs((k?.expiresAt ?? 0) - (Date.now() + 7 * 86_400_000)) < 120_000);
  const own = new OpenAI({ baseURL: `${gs.url}/v1`, apiKey: limited, maxRetries: 0 });
  await own.chat.completions.create({ model: 'mock/gpt-mock', messages: [{ role: 'user', content: 'hi' }] });
  await assert.rejects(own.chat.completions.create({ model: 'mock/gpt-mock-2', messages: [{ role: 'user', content: 'hi' }] }), (e: { status?: number }) => e.status === 403, 'not an allowed model');
  assert.deepEqual(problems, []);
});

test('log filters run on the server, and the live tail takes the same filters', { skip, timeout: 90_000 }, async () => {
  mock.enqueue({ kind: 'status', status: 400, body: { error: { message: 'bad thing', type: 'invalid_request_error' } } });
  await assert.rejects(chat('mock/gpt-mock'));
  type Row = { requestId: string; keyId: string | null; status: number };
  const records = async (q: string) => (await gs.send(`/api/logs?limit=200&${q}`, { headers: cli })).json().records as Row[];
  const api = async (q: string) => (await records(q)).map((r) => r.requestId);
  const keyIds = new Map(((await gs.send('/api/keys', { headers: cli })).json().keys as Array<{ id: string; name: string }>).map((k) => [k.name, k.id]));
  // Usage is written in batches: wait until the failed request is visible.
  await waitFor(async () => ((await api('status=error')).length > 0 ? true : undefined), 'the error row');
  const { page, problems } = await loggedIn();
  await go(page, 'logs');
  const rows = async () => (await page.locator('tr[data-request]').evaluateAll((els) => els.map((e) => e.getAttribute('data-request')))) as string[];
  const all = await api('');
  assert.deepEqual(await rows(), all);
  const filter = async (f: { status?: string; model?: string; key?: string }, q: string) => {
    await page.selectOption('#l-status', f.status ?? '');
    await page.fill('#l-model', f.model ?? '');
    await page.selectOption('#l-key', f.key ? (keyIds.get(f.key) ?? 'missing') : '');
    const want = await api(q);
    await page.click('text=Filter');
    await waitFor(async () => (JSON.stringify(await rows()) === JSON.stringify(want) ? true : undefined), `rows for ${q}`);
    return want;
  };
  const errors = await filter({ status: 'error' }, 'status=error');
  assert.ok(errors.length >= 1 && errors.length < all.length);
  const viaCombo = await filter({ model: 'fast' }, 'model=fast');
  assert.equal(viaCombo.length, 1);
  await page.locator('tr[data-request] >> text=fast → mock/gpt-mock').waitFor(T);
  const limited = await filter({ key: 'limited' }, 'key=limited');
  assert.ok(limited.length >= 1);
  assert.ok((await records('key=limited')).every((r) => r.keyId === keyIds.get('limited')));
  await filter({ key: 'e2e', status: 'error' }, 'key=e2e&status=error');
  assert.ok((await records('key=e2e&status=error')).every((r) => r.keyId === keyIds.get('e2e') && r.status >= 400));
  await filter({ model: 'no/such-model' }, 'model=no%2Fsuch-model');
  await page.locator('text=No requests match these filters.').waitFor(T);

  // Live tail with a filter: only a matching new request appears.
  await filter({ model: 'fast' }, 'model=fast');
  await page.check('text=Live tail');
  await new Promise((r) => setTimeout(r, 1500)); // the stream is open and has polled once
  await chat('mock/gpt-mock');
  await chat('fast');
  await waitFor(async () => ((await rows()).length === 2 ? true : undefined), 'the tailed combo request', 20_000);
  const tailed = await rows();
  const fastNow = await api('model=fast');
  assert.deepEqual(tailed, fastNow, 'the tail added the combo request and not the direct one');
  await shoot(page, 'logs-filtered', 'form[aria-label=Filters]');
  assert.deepEqual(problems, []);
});

test('tunnels: Tailscale check, login link, Funnel link, then running; ngrok with a typed authtoken', { skip, timeout: 120_000 }, async () => {
  const { page, problems } = await loggedIn();
  await go(page, 'settings/tunnels');
  const ts = page.locator('[data-tunnel=tailscale]');
  await ts.locator('text=Check Tailscale').click();
  await page.locator('[data-testid=tailscale-check]').filter({ hasText: 'Installed: yes · daemon running: yes · logged in: no' }).waitFor(T);
  await ts.locator('button:text-is("Log in")').click();
  assert.equal(await page.locator('[data-testid=tailscale-login]').getAttribute('href', T), 'https://login.tailscale.com/a/fake1234');
  await ts.locator('button:text-is("Enable")').click();
  assert.equal(await page.locator('[data-testid=tailscale-funnel]').getAttribute('href', T), 'https://login.tailscale.com/f/funnel?node=fake1234');
  await page.locator('[data-testid=tailscale-phase] >> text=needs_auth').waitFor(T);
  await shoot(page, 'tunnels-tailscale', '[data-testid=tailscale-funnel]');
  await ts.locator('button:text-is("Enable")').click();
  assert.equal(await page.locator('[data-testid=tailscale-url]').textContent({ timeout: 30_000 }), 'https://fakenode.tail1234.ts.net/');
  assert.equal(await page.locator('[data-testid=tailscale-funnel]').count(), 0, 'the Funnel link goes once it runs');
  await ts.locator('button:text-is("Disable")').click();
  await page.locator('[data-testid=tailscale-phase] >> text=stopped').waitFor(T);

  const ng = page.locator('[data-tunnel=ngrok]');
  await ng.locator('button:text-is("Enable")').click();
  await page.locator('[data-testid=ngrok-phase] >> text=needs_auth').waitFor(T);
  await page.fill('#ngrok-token', 'ngrok-dashboard-token-123');
  await ng.locator('button:text-is("Enable")').click();
  assert.equal(await page.locator('[data-testid=ngrok-url]').textContent({ timeout: 30_000 }), 'https://fake-1234.ngrok-free.app');
  assert.equal((await gs.send('/api/tunnels/ngrok', { headers: cli })).json().phase, 'running');
  assert.doesNotMatch(await page.content(), /ngrok-dashboard-token-123/);
  await ng.locator('button:text-is("Disable")').click();
  await page.locator('[data-testid=ngrok-phase] >> text=stopped').waitFor(T);
  assert.deepEqual(problems, []);
});

test('security switches, driven by the keyboard: the CLI machine token and requireLogin take effect at once', { skip, timeout: 60_000 }, async () => {
  const { page, problems } = await loggedIn();
  await go(page, 'settings/security');
  const cliBox = page.getByLabel('Allow the CLI machine token');
  const loginBox = page.getByLabel('Require login (also from this machine)');
  assert.equal(await cliBox.isChecked(), true);
  await cliBox.focus();
  await page.keyboard.press('Space');
  await page.locator('input[type=checkbox]:not(:checked)').first().waitFor(T);
  await waitFor(async () => ((await gs.send('/api/keys', { headers: cli })).status === 401 ? true : undefined), 'the machine token refused');
  await page.locator('td >> text=settings.update').first().waitFor(T);
  await cliBox.focus();
  await page.keyboard.press('Space');
  await waitFor(async () => ((await gs.send('/api/keys', { headers: cli })).status === 200 ? true : undefined), 'the machine token accepted again');
  assert.equal(await cliBox.isChecked(), true);

  assert.equal((await gs.send('/api/keys')).status, 401, 'anonymous, requireLogin on');
  await loginBox.focus();
  await page.keyboard.press('Space');
  await waitFor(async () => ((await gs.send('/api/keys')).status === 200 ? true : undefined), 'anonymous loopback allowed');
  await loginBox.focus();
  await page.keyboard.press('Space');
  await waitFor(async () => ((await gs.send('/api/keys')).status === 401 ? true : undefined), 'login required again');
  assert.equal(((await gs.send('/api/settings', { headers: cli })).json().settings as { requireLogin: boolean }).requireLogin, true);
  assert.deepEqual(problems, []);
});

test('change the password: wrong current or a mismatch are refused; success logs other sessions out', { skip, timeout: 90_000 }, async () => {
  const NEW = 'a brand new dashboard passphrase';
  const other = await loggedIn();
  const { page, problems } = await loggedIn([401]);
  await go(page, 'settings/security');
  const form = page.locator('form[aria-label="Change password"]');
  await page.fill('#pw-current', 'not the password');
  await page.fill('#pw-new', NEW);
  await page.fill('#pw-again', NEW);
  await form.locator('button[type=submit]').click();
  await form.locator('[role=alert]').filter({ hasText: 'The current password is wrong.' }).waitFor(T);
  assert.match(page.url(), /settings\/security$/, 'a wrong current password does not end the session');
  await page.fill('#pw-current', PASSWORD);
  await page.fill('#pw-again', `${NEW}!`);
  await form.locator('button[type=submit]').click();
  await form.locator('[role=alert]').filter({ hasText: 'do not match' }).waitFor(T);
  await page.fill('#pw-again', NEW);
  await shoot(page, 'security-password', 'form[aria-label="Change password"]');
  await form.locator('button[type=submit]').click();
  await page.locator('[data-testid=password-changed]').waitFor(T);
  assert.equal(await page.inputValue('#pw-current'), '', 'the fields are cleared');
  // This tab stays logged in; the other one is sent to the login page.
  await go(page, 'keys');
  await other.page.goto(`${gs.url}/dashboard/keys`);
  await other.page.waitForURL(/\/dashboard\/login\?next=/, T);
  assert.equal((await gs.send('/api/auth/login', { method: 'POST', body: { password: PASSWORD } })).status, 401);
  await login(other.page, NEW);
  await other.page.waitForURL(/\/dashboard\/keys$/, T);
  assert.deepEqual(problems, []);
  assert.deepEqual(other.problems.filter((p) => !/status of 401/.test(p)), []);
});
