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

    // A test call on the simulated phone network, from the team page: buy
    // the team a number through the picker, call it, and the on-call
    // responder confirms.
    await openTab(page, 'Incoming calls');
    await page.getByRole('button', { name: 'Buy a number' }).click();
    const finder = page.getByRole('form', { name: 'Find a number to buy' });
    await finder.getByLabel('Country').fill('United St');
    await page.getByRole('option', { name: /United States/ }).click();
    await finder.getByLabel('Type').selectOption('local');
    await finder.getByLabel('Area code').fill('415');
    await finder.getByRole('button', { name: 'Search numbers' }).click();
    const choice = page
      .getByRole('table', { name: 'Numbers to buy' })
      .getByRole('button', { name: /^Choose / })
      .first();
    await choice.waitFor({ timeout: 30_000 });
    // "Choose +1 415 555 0150": the number as shown, in E.164 without spaces.
    const shown = (await choice.getAttribute('aria-label')).slice(
      'Choose '.length,
    );
    const hotline = shown.replaceAll(' ', '');
    await choice.click();
    const buy = page.getByRole('button', {
      name: `Save and buy ${shown} for $10.00 a month`,
    });
    await buy.click();
    await page.getByText('Saved').first().waitFor({ timeout: 30_000 });
    await page
      .getByRole('list', { name: 'Phone numbers' })
      .getByText('Bought for this integration', { exact: false })
      .waitFor();
    log(`bought ${shown} for Platform through the number picker`);
    await page.getByLabel('Call to').selectOption(hotline);
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

    // The month's usage and the analytics count the call: one call, its
    // minute forwarded to a US responder, the number's fee, answered.
    // A figure's value: the <dd> after its label's <dt>.
    const figure = (group, label) =>
      page
        .getByRole('group', { name: group })
        .getByText(label, { exact: true })
        .locator('xpath=following-sibling::dd[1]');
    await waitFor(
      "the call in the team's usage and analytics",
      async () => {
        const refresh = page.getByRole('button', { name: 'Refresh usage' });
        if (!(await refresh.isVisible())) {
          // The tab failed to load (e.g. the dev backend restarting): again.
          await page.reload();
          await signInIfAsked(page);
          await openTab(page, 'Incoming calls');
          await refresh.waitFor({ timeout: 30_000 });
        }
        await refresh.click();
        await page
          .getByRole('button', { name: 'Refresh call analytics' })
          .click();
        return (
          (await figure('Usage', 'Calls').innerText({ timeout: 5_000 })) ===
            '1' &&
          (
            await figure('Call analytics', 'Answer rate').innerText({
              timeout: 5_000,
            })
          ).startsWith('100%')
        );
      },
      60_000,
    );
    const minutes = await figure(
      'Usage',
      'Minutes to US and Canada',
    ).innerText();
    const estimate = await figure('Usage', 'Estimated cost').innerText();
    assert(minutes.startsWith('1 min'), `minutes to US and Canada: ${minutes}`);
    assert(estimate === '$10.10', `the estimate is ${estimate}, not $10.10`);
    await page.screenshot({
      path: join(SCREENSHOTS, 'usage.png'),
      fullPage: true,
    });
    log(
      `the team's usage shows the call: ${
        minutes.split('\n')[0]
      }, estimate ${estimate}; answer rate 100%`,
    );

    await openTab(page, 'Call alerts');
    // Exact: the notification toast names the caller too.
    await page.getByText('+4930555000', { exact: true }).first().click();
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
        body: JSON.stringify({ to: hotline, ...body }),
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

    // Its organisation view: the same call in the whole organisation's usage.
    await page.getByRole('tab', { name: 'Usage and analytics' }).click();
    await figure('Usage', 'Calls').waitFor({ timeout: 30_000 });
    const organisationCalls = await figure('Usage', 'Calls').innerText();
    assert(
      organisationCalls === '1',
      `the organisation's usage counts ${organisationCalls} calls, not 1`,
    );
    await page.getByRole('tab', { name: 'Alerts', exact: true }).click();
    await alertsTable.waitFor();
    log("the Alerts page's organisation view counts the call too");

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
    log(`the voicemail plays in the browser (${seconds.toFixed(1)} s)`);

    // Deleting the integration releases the number bought for it: the
    // dialog lists it, and the simulated network sells it again.
    await page.goto(`${APP}/catalog/default/group/platform`);
    await signInIfAsked(page);
    await openTab(page, 'Incoming calls');
    await page.getByRole('button', { name: 'Delete integration' }).click();
    const dialog = page.getByRole('dialog');
    await dialog
      .getByRole('list', { name: 'Numbers released' })
      .getByText(shown, { exact: false })
      .waitFor();
    await dialog
      .getByRole('button', { name: 'Delete and release 1 number' })
      .click();
    await page
      .getByText('Platform has no integration yet', { exact: false })
      .waitFor({ timeout: 30_000 });
    const forSale = await (
      await api(
        '/teams/default/platform/numbers/available?country=US&type=local&areaCode=415',
      )
    ).json();
    assert(
      forSale.numbers.some(n => n.number === hotline),
      `${hotline} is not for sale again after the deletion`,
    );
    log(
      `deleting the integration released ${shown}; screenshots in ${SCREENSHOTS}`,
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
