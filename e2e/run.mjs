// The browser test: starts Backstage (frontend and backend, a fresh SQLite
// database, the example organisation), then drives Debian's Chromium through
// a team's "Incoming calls" and "Call alerts" tabs and the Alerts page.
// Screenshots land in e2e-screenshots/ (git-ignored).
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const ROOT = new URL('..', import.meta.url).pathname;
const APP = 'http://localhost:3000';
const BACKEND = 'http://localhost:7007';
const SCREENSHOTS = join(ROOT, 'e2e-screenshots');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const log = message => console.log(`[e2e] ${message}`);

function assert(condition, message) {
  if (!condition) throw new Error(`Assertion failed: ${message}`);
}

async function waitFor(what, check, timeoutMs = 300_000) {
  const started = Date.now();
  for (;;) {
    try {
      if (await check()) return;
    } catch {
      // not up yet
    }
    if (Date.now() - started > timeoutMs) {
      throw new Error(
        `Timed out after ${timeoutMs / 1000}s waiting for ${what}`,
      );
    }
    await new Promise(r => setTimeout(r, 1000));
  }
}

async function guestToken() {
  const res = await fetch(`${BACKEND}/api/auth/guest/refresh`, {
    method: 'POST',
    headers: { 'X-Requested-With': 'XMLHttpRequest' },
  });
  assert(res.ok, `guest sign-in answered ${res.status}`);
  return (await res.json()).backstageIdentity.token;
}

function startBackstage(dataDir) {
  log('starting Backstage (yarn dev)');
  const child = spawn('yarn', ['dev'], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      BROWSER: 'none',
      APP_CONFIG_backend_database_connection_directory: dataDir,
      APP_CONFIG_incomingCall_catalogRefreshSeconds: '3',
    },
  });
  const output = [];
  const keep = chunk => {
    output.push(chunk.toString());
    if (output.length > 200) output.shift();
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  return {
    output: () => output.join(''),
    stop: () => {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
    },
  };
}

/** An entity page tab, whichever role the installed catalog gives it. */
const tab = (page, name) =>
  page
    .getByRole('tab', { name })
    .or(page.getByRole('link', { name, exact: true }))
    .first();

/** The Platform team's phones in the example organisation (Ana, Bob, Carol, Dave). */
const PLATFORM_PHONES = [
  '+14155550101',
  '+14155550102',
  '+14155550103',
  '+14155550104',
];

async function signInIfAsked(page, ready = tab(page, 'Incoming calls')) {
  const enter = page.getByRole('button', { name: 'Enter' });
  await enter.or(ready).first().waitFor({ timeout: 120_000 });
  if (await enter.isVisible()) {
    log('signing in as guest');
    await enter.click();
  }
}

async function openTab(page, name) {
  await tab(page, name).click();
}

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'icr-e2e-'));
  const backstage = startBackstage(dataDir);
  let browser;
  let page;
  try {
    await waitFor(
      'the backend',
      async () => (await fetch(`${BACKEND}/.backstage/health/v1/readiness`)).ok,
    );
    const token = await guestToken();
    const api = (path, init = {}) =>
      fetch(`${BACKEND}/api/incoming-call${path}`, {
        ...init,
        headers: {
          Authorization: `Bearer ${token}`,
          'Content-Type': 'application/json',
          ...init.headers,
        },
      });
    await waitFor('the example teams in the routing snapshot', async () => {
      const res = await api('/teams/default/platform/integration');
      return (
        res.status === 404 &&
        (await res.json()).error.message.includes(
          'has no incoming call integration',
        )
      );
    });

    // The guest is Ana, a member of Platform only: the real permission
    // backend must refuse her changes to another team.
    const forbidden = await api('/teams/default/payments/integration', {
      method: 'PUT',
      body: JSON.stringify({}),
    });
    assert(
      forbidden.status === 403,
      `a change to another team answered ${forbidden.status}, not 403`,
    );
    log('the permission backend refuses a change to another team (403)');

    await waitFor('the frontend', async () => (await fetch(APP)).ok);

    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    mkdirSync(SCREENSHOTS, { recursive: true });

    log('opening the Platform team page');
    await page.goto(`${APP}/catalog/default/group/platform`, {
      timeout: 300_000,
    });
    await signInIfAsked(page);
    await openTab(page, 'Incoming calls');

    const welcome = page.getByRole('textbox', { name: 'Welcome message' });
    await welcome.waitFor({ timeout: 60_000 });
    // The example organisation's Platform schedule always has someone on duty.
    await page.getByText('Who is on call').waitFor();
    await page
      .getByText('Platform primary', { exact: false })
      .first()
      .waitFor();
    log('the on-call preview shows the Platform schedule');
    const text = `Thanks for calling Platform (browser test ${Date.now()}).`;
    await welcome.fill(text);
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved').first().waitFor({ timeout: 30_000 });
    // Saved, the integration routes to the team: the preview names who a call rings.
    await page.getByText('If someone calls').waitFor();
    await page
      .getByText(/^First: /)
      .first()
      .waitFor({ timeout: 30_000 });
    await page.screenshot({
      path: join(SCREENSHOTS, 'incoming-calls.png'),
      fullPage: true,
    });
    log('saved a new welcome message');

    await page.reload();
    await signInIfAsked(page);
    if (
      !(await page
        .getByRole('textbox', { name: 'Welcome message' })
        .isVisible())
    ) {
      await openTab(page, 'Incoming calls');
    }
    await page
      .getByRole('textbox', { name: 'Welcome message' })
      .waitFor({ timeout: 60_000 });
    const kept = await page
      .getByRole('textbox', { name: 'Welcome message' })
      .inputValue();
    assert(
      kept === text,
      `after a reload the welcome message is "${kept}", not "${text}"`,
    );
    log('the welcome message survived a reload');

    await openTab(page, 'Call alerts');
    await page.getByText('No calls yet').waitFor({ timeout: 30_000 });
    log('the Call alerts tab shows its empty state');

    // A test call on the simulated phone network, from the team page: give
    // the team a number, call it, and the on-call responder confirms.
    await openTab(page, 'Incoming calls');
    await page.getByRole('button', { name: 'Add phone number' }).click();
    await page
      .getByLabel('Phone number 1', { exact: true })
      .fill('+14155550100');
    await page.getByLabel('Country 1', { exact: true }).fill('US');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved').first().waitFor({ timeout: 30_000 });
    await page.getByLabel('Call to').selectOption('+14155550100');
    await page.getByRole('button', { name: 'Place test call' }).click();
    await page
      .getByText(/Responder .*\+\d+: in-progress, connected/)
      .waitFor({ timeout: 60_000 });
    await page.screenshot({
      path: join(SCREENSHOTS, 'test-call.png'),
      fullPage: true,
    });
    log(
      'a test call reached the on-call responder, who confirmed and was connected',
    );
    await page.getByRole('button', { name: 'Hang up' }).click();

    await openTab(page, 'Call alerts');
    await page.getByText('+4930555000').first().click();
    await page
      .getByText(/answered and was connected to the caller/)
      .waitFor({ timeout: 30_000 });
    await page.screenshot({
      path: join(SCREENSHOTS, 'call-alerts.png'),
      fullPage: true,
    });
    log("the alert's timeline shows the call");

    // The Alerts page: a call placed on the simulated network shows up
    // without a reload, and the responder takes it in the browser.
    const network = (path, init = {}) =>
      fetch(`${BACKEND}/api/phone-network${path}`, {
        ...init,
        headers: {
          Authorization: `Bearer ${token}`,
          'Content-Type': 'application/json',
        },
      });
    const setPlatformPhones = async behaviour => {
      for (const number of PLATFORM_PHONES) {
        const res = await network(`/phones/${encodeURIComponent(number)}`, {
          method: 'PUT',
          body: JSON.stringify({ behaviour }),
        });
        assert(
          res.ok,
          `setting ${number} to ${behaviour} answered ${res.status}`,
        );
      }
    };
    const placeCall = async body => {
      const res = await network('/calls', {
        method: 'POST',
        body: JSON.stringify({ to: '+14155550100', ...body }),
      });
      assert(res.status === 201, `placing a call answered ${res.status}`);
    };
    const alertsTable = page.getByRole('table', { name: 'Call alerts' });
    const openAlertsPage = async () => {
      await page.goto(`${APP}/incoming-calls/alerts`);
      await signInIfAsked(page, alertsTable);
      await alertsTable.waitFor({ timeout: 60_000 });
    };

    await openAlertsPage();
    const navItem = page
      .locator('nav')
      .getByRole('link', { name: 'Alerts', exact: true })
      .first();
    assert(
      (await navItem.getAttribute('href')) === '/incoming-calls/alerts',
      'the navigation links to the Alerts page',
    );
    await alertsTable.getByText('+4930555000').waitFor();
    log('the Alerts page (in the navigation) lists the earlier call');

    // The phones ring and nobody answers: the caller waits for the browser.
    await setPlatformPhones('ring');
    const waitingCaller = '+4930555111';
    await placeCall({ from: waitingCaller });
    const waitingRow = alertsTable
      .getByRole('row')
      .filter({ hasText: waitingCaller });
    await waitingRow.getByText('Caller waiting').waitFor({ timeout: 10_000 });
    log('a call placed on the simulated network appeared without a reload');

    await waitingRow.getByRole('link').click();
    await page.getByRole('button', { name: 'Take call in browser' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: 'Connected' })
      .waitFor({ timeout: 30_000 });
    await page
      .getByText('acknowledged', { exact: true })
      .first()
      .waitFor({ timeout: 10_000 });
    log(
      'the responder took the call in the browser; the alert is acknowledged',
    );

    const note = `Called back from the browser test ${Date.now()}`;
    await page.getByLabel('Note').fill(note);
    await page.getByRole('button', { name: 'Add note' }).click();
    await page
      .getByRole('list', { name: 'Call timeline' })
      .getByText(note)
      .waitFor({ timeout: 10_000 });
    await page.getByRole('button', { name: 'Close', exact: true }).click();
    await page
      .getByRole('button', { name: 'Reopen' })
      .waitFor({ timeout: 10_000 });
    await page.getByText('closed', { exact: true }).first().waitFor();
    await page.screenshot({
      path: join(SCREENSHOTS, 'alert-page.png'),
      fullPage: true,
    });
    await page.getByRole('button', { name: 'Hang up' }).click();
    log('they added a note and closed the alert, both on its timeline');

    // Nobody can answer: the caller leaves a voicemail, the alert stays
    // open, and its message plays in the browser.
    // Users to try 0 (voicemail only): the caller goes to the voicemail
    // prompt at once instead of waiting out the escalation's delays.
    const current = await (
      await api('/teams/default/platform/integration')
    ).json();
    const voicemailOnly = await api(
      `/teams/default/platform/integration?version=${current.version}`,
      {
        method: 'PUT',
        body: JSON.stringify({ ...current.config, usersToTry: 0 }),
      },
    );
    assert(
      voicemailOnly.ok,
      `saving users to try 0 answered ${voicemailOnly.status}`,
    );
    await openAlertsPage();
    const voicemailCaller = '+4930555222';
    await placeCall({ from: voicemailCaller, voicemailSeconds: 4 });
    const voicemailRow = alertsTable
      .getByRole('row')
      .filter({ hasText: voicemailCaller });
    await voicemailRow.getByText('Voicemail').waitFor({ timeout: 90_000 });
    await voicemailRow.getByText('open', { exact: true }).waitFor();
    log('a voicemail alert appeared, open');

    await voicemailRow.getByRole('link').click();
    await page
      .getByLabel('Voicemail', { exact: true })
      .waitFor({ timeout: 30_000 });
    await page.waitForFunction(
      () => {
        const audio = document.querySelector('audio');
        return (
          Boolean(audio) &&
          Number.isFinite(audio.duration) &&
          audio.duration > 0
        );
      },
      null,
      { timeout: 30_000 },
    );
    const seconds = await page.evaluate(
      () => document.querySelector('audio').duration,
    );
    await page.screenshot({
      path: join(SCREENSHOTS, 'voicemail.png'),
      fullPage: true,
    });
    log(
      `the voicemail plays in the browser (${seconds.toFixed(
        1,
      )} s); screenshots in ${SCREENSHOTS}`,
    );
  } catch (error) {
    await page
      ?.screenshot({ path: join(SCREENSHOTS, 'failure.png'), fullPage: true })
      .then(() =>
        console.error(
          `[e2e] the page at the failure: ${join(SCREENSHOTS, 'failure.png')}`,
        ),
      )
      .catch(() => {});
    console.error(
      `[e2e] Backstage output (last lines):\n${backstage
        .output()
        .slice(-6000)}`,
    );
    throw error;
  } finally {
    await browser?.close();
    backstage.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().then(
  () => log('passed'),
  error => {
    console.error(`[e2e] FAILED: ${error.stack ?? error}`);
    process.exit(1);
  },
);
