// The reactivation form as a person uses it, by keyboard alone, in a live workbench: fill it,
// hide and reshow it (the state survives), submit, and watch the order appear in the tree.
// Screenshots of the form in the dark and the light theme go to test-results/.
import { deadline } from '../deadline';
import * as assert from 'node:assert/strict';
import type { Frame } from 'playwright-core';
import { workbench } from './hooks';

/** Presses Tab until the element with `id` has the focus inside the webview (at most `max` times). */
async function tabTo(frame: Frame, id: string, max = 25): Promise<void> {
  for (let i = 0; i < max; i++) {
    if ((await frame.evaluate(() => document.activeElement?.id)) === id) return;
    await frame.page().keyboard.press('Tab');
  }
  assert.fail(`Tab never reached #${id}`);
}

async function focusedId(frame: Frame): Promise<string | undefined> {
  return frame.evaluate(() => document.activeElement?.id);
}

/** Waits until `id` has the focus: the form moves it in its own handlers, not within the key press. */
async function expectFocus(frame: Frame, id: string): Promise<void> {
  await workbench().poll(async () => ((await focusedId(frame)) === id ? true : undefined), `#${id} to have the focus`);
}

async function formFrame(): Promise<Frame> {
  return workbench().webviewFrame('#submit');
}

describe('the reactivation form (e2e, keyboard only)', () => {
  it('is filled by keyboard, survives being hidden, submits, and the order shows in the tree', async function () {
    this.timeout(deadline(120_000));
    const wb = workbench();
    const keyboard = wb.page.keyboard;
    await workbench().setTheme('dark');
    await wb.runCommand('Colt: Open Reactivation Form');
    let frame = await formFrame();
    // The first number field takes the focus when the form opens.
    await expectFocus(frame, 'f-row-r0-start');
    // Nothing typed yet: no error on display, Submit off with a general reason.
    assert.equal(await frame.locator('.msg.error').count(), 0);
    assert.ok(await frame.locator('#submit').isDisabled());
    assert.equal(await frame.locator('#submit-reason').innerText(), 'Add at least one number and choose a country to submit.');

    await keyboard.type('+44 20 8132 4758');
    await keyboard.press('Enter'); // → last number of range 1 (left empty: a single number)
    await expectFocus(frame, 'f-row-r0-end');
    // Leaving the field writes the number in E.164.
    await wb.poll(async () => ((await frame.locator('#f-row-r0-start').inputValue()) === '+442081324758' ? true : undefined), 'the number in E.164');
    await keyboard.press('Enter'); // → a new row
    await expectFocus(frame, 'f-row-r1-start'); // a second row
    await keyboard.type('+442081324769');
    await keyboard.press('Enter');
    await keyboard.type('+442081324760');
    // Reversed on purpose: the core's message appears next to the row, and Submit says why it is off.
    const rowMsg = frame.locator('#f-row-r1-msg .msg.error');
    await rowMsg.waitFor();
    assert.match(await rowMsg.innerText(), /swap them/);
    assert.equal(await frame.locator('#f-row-r1-start').getAttribute('aria-invalid'), 'true');
    assert.ok(await frame.locator('#submit').isDisabled());
    // The untouched country shows no error yet; the reason still names it.
    assert.equal(await frame.locator('#f-country-msg .msg').count(), 0);
    assert.equal(await frame.locator('#submit-reason').innerText(), 'Fix the problem marked above and choose a country to submit.');
    await wb.screenshot('form-errors-dark', wb.page.locator('.part.editor'));

    // Fix it by keyboard: back to the first number of range 2, retype both ends.
    await keyboard.press('Shift+Tab');
    await expectFocus(frame, 'f-row-r1-start');
    // Select with End, Shift+Home (Ctrl+A goes through the workbench and races with typing).
    await keyboard.press('End');
    await keyboard.press('Shift+Home');
    await keyboard.type('+442081324760');
    await keyboard.press('Tab');
    await keyboard.press('End');
    await keyboard.press('Shift+Home');
    await keyboard.type('+442081324769');
    await rowMsg.waitFor({ state: 'detached' });

    await tabTo(frame, 'f-country');
    await keyboard.press('U'); // typeahead: United Kingdom
    await wb.poll(async () => ((await frame.locator('#f-country').inputValue()) === 'GB' ? true : undefined), 'the country GB');
    await keyboard.press('Tab');
    await expectFocus(frame, 'f-serviceProfile');
    await keyboard.type('ANH');
    await wb.poll(async () => (!(await frame.locator('#submit').isDisabled()) ? true : undefined), 'Submit to be enabled');
    assert.match(await frame.locator('#summary').innerText(), /11 numbers in 2 ranges/);
    await wb.screenshot('form-dark', wb.page.locator('.part.editor'));

    // Hide the form behind a file, then bring it back: the webview is rebuilt (no retained
    // context) and restores what was typed from its saved state.
    await wb.openFileFromExplorer('valid.reactivate.json');
    await wb.runCommand('Colt: Open Reactivation Form');
    frame = await formFrame();
    await wb.poll(async () => ((await frame.locator('#f-row-r1-end').inputValue()) === '+442081324769' ? true : undefined), 'the restored rows');
    assert.equal(await frame.locator('#f-country').inputValue(), 'GB');
    assert.equal(await frame.locator('#f-serviceProfile').inputValue(), 'ANH');

    // Submit by keyboard: Tab to the button, press Space.
    await frame.locator('#f-serviceProfile').focus(); // where the user left off before the form was hidden
    await tabTo(frame, 'submit');
    await keyboard.press('Space');
    const status = frame.locator('#status.success');
    await status.waitFor({ timeout: deadline(30_000) });
    const text = await status.innerText();
    const orderId = /^Order (\S+) accepted by Local emulator\. Follow its status in the Orders view\.$/.exec(text)?.[1];
    assert.ok(orderId, text);
    // One more click must not send a second order: Submit is off until the request changes.
    const submittedReason = `Submitted as order ${orderId}. Change the numbers to submit another request.`;
    const submitOff = async (reason: string) =>
      (await frame.locator('#submit').isDisabled()) && (await frame.locator('#submit-reason').innerText()) === reason ? true : undefined;
    await wb.poll(() => submitOff(submittedReason), 'Submit off after the order was accepted');
    await wb.screenshot('form-submitted-dark', wb.page.locator('.part.editor'));

    // The emulator holds the order exactly as the form built it.
    const orders = (await (await fetch(`${wb.emulator.url}/__emulator/orders`)).json()) as { orders: { id: string; body: unknown }[] };
    const sent = orders.orders.find((o) => o.id === orderId);
    assert.deepEqual(sent?.body, {
      numberRangeList: [
        { numberRangeStart: '+442081324758', numberRangeEnd: '+442081324758' },
        { numberRangeStart: '+442081324760', numberRangeEnd: '+442081324769' },
      ],
      productOffering: { name: 'Wholesale SIP' },
      relatedParty: { reseller: { serviceProfile: 'ANH', country: 'GB' } },
    });

    // Hidden and shown again, the form still knows the request was sent...
    await wb.openFileFromExplorer('valid.reactivate.json');
    await wb.runCommand('Colt: Open Reactivation Form');
    frame = await formFrame();
    await wb.poll(() => submitOff(submittedReason), 'Submit still off after the form was hidden and shown');
    // ...a changed request may go, and changing it back to the one sent turns Submit off again.
    await frame.locator('#f-row-r1-end').focus();
    await keyboard.press('End');
    await keyboard.press('Backspace');
    await keyboard.type('8'); // ...4760 to ...4768: still a valid range
    await wb.poll(async () => (!(await frame.locator('#submit').isDisabled()) ? true : undefined), 'Submit on for a changed request');
    await keyboard.press('Backspace');
    await keyboard.type('9');
    await wb.poll(() => submitOff(submittedReason), 'Submit off for the request already sent');

    // ...and the Orders tree lists it, turning Completed once the emulator completes it.
    await wb.openViewContainer('Colt Reactivation');
    await wb.poll(async () => {
      const items = await wb.viewItems('Orders', 0);
      return items.some((t) => t.includes(orderId)) ? items : undefined;
    }, `order ${orderId} in the Orders tree`);
    await wb.poll(
      async () => {
        const rows = wb.view('Orders').locator('.monaco-list-row', { hasText: orderId });
        const label = (await rows.first().getAttribute('aria-label')) ?? (await rows.first().innerText());
        return /completed/i.test(label) ? label : undefined;
      },
      `order ${orderId} to turn Completed`,
      deadline(30_000),
    );
  });

  it('looks right in the light theme', async function () {
    this.timeout(deadline(60_000));
    const wb = workbench();
    await workbench().setTheme('light');
    await wb.runCommand('Colt: Open Reactivation Form');
    const frame = await formFrame();
    await frame.locator('#f-row-r0-start').waitFor();
    // The theme reaches the webview through VS Code's CSS variables.
    await wb.poll(async () => {
      const bg = await frame.evaluate(() => getComputedStyle(document.body).backgroundColor);
      return bg === 'rgb(255, 255, 255)' || /rgb\(2[45]\d, 2[45]\d, 2[45]\d\)/.test(bg) ? bg : undefined;
    }, 'a light background in the form');
    // Whatever an earlier test left in the form, Submit's state is explained in words.
    assert.match(await frame.locator('#submit-reason').innerText(), /^(Submitted as order \S+\. Change the numbers|Add at least one number|Fix the problem)/);
    await wb.screenshot('form-light', wb.page.locator('.part.editor'));
  });
});
