import * as vscode from 'vscode';
import { COUNTRIES, COUNTRY_CODES, countryOfNumber, portInSupport, type CountryCode } from '../../core/countries';
import { countryMix, describeCountryMix, numbersAsLines, type CountryShare } from '../../core/countryMix';
import { validateRequestObject } from '../../core/diagnostics';
import { quoted } from '../../core/excerpt';
import { PRODUCT_NAME, type NumberRange, type ReactivationRequest } from '../../core/schemas';
import { Commands } from '../constants';
import type { CommandFactory, Services } from '../services';
import { parseNumberInput } from '../submission/parseNumberInput';
import { countNumbers, countryLabel, listRanges, plural } from '../submission/requestSummary';

const STEPS = 4;

/**
 * coltReactivate.reactivateNumbers: numbers or ranges, country, optional service profile,
 * summary, then the same submission as everywhere else. Each step is checked before the next.
 */
export const reactivateNumbers: CommandFactory = (s) => async () => {
  const asked = await askRanges(s);
  if (!asked) return undefined;
  const { ranges } = asked;
  // One order takes one country: numbers of several are a batch, not a string of mismatches.
  const mix = countryMix(ranges);
  if (mix.length > 1 && (await offerBatch(s, mix, asked)) !== 'one') {
    return undefined;
  }
  const country = await askCountry(s, ranges);
  if (!country) return undefined;
  const serviceProfile = await askServiceProfile(s);
  if (serviceProfile === undefined) return undefined;
  const body: ReactivationRequest = {
    numberRangeList: ranges,
    productOffering: { name: PRODUCT_NAME },
    relatedParty: { reseller: serviceProfile ? { serviceProfile, country } : { country } },
  };
  const go = await confirm(s, body);
  if (go === 'open') {
    const doc = await vscode.workspace.openTextDocument({ language: 'json', content: JSON.stringify(body, null, 2) + '\n' });
    await vscode.window.showTextDocument(doc);
    return undefined;
  }
  if (go !== 'submit') return undefined;
  return s.submission.submit({ body, source: 'quickInput' });
};

function rangeProblems(s: Services, ranges: NumberRange[], country: CountryCode = countryOfNumber(ranges[0]?.numberRangeStart ?? '') ?? 'GB') {
  const body = { numberRangeList: ranges, productOffering: { name: PRODUCT_NAME }, relatedParty: { reseller: { country } } };
  return validateRequestObject(body, { maxNumbersPerRange: s.settings.maxNumbersPerRange, maxNumbersPerOrder: s.settings.maxNumbersPerOrder });
}

async function askRanges(s: Services): Promise<{ ranges: NumberRange[]; text: string } | undefined> {
  const text = await s.prompter.showInputBox({
    title: `Reactivate Numbers (1/${STEPS}): numbers`,
    prompt: 'Numbers or ranges, separated by commas or new lines: +442081324758, +442081324760 - +442081324769 (pasted formats are normalised)',
    placeHolder: '+442081324758, +442081324760 - +442081324769',
    ignoreFocusOut: true,
    validateInput: (value) => {
      if (!value.trim()) return 'Enter at least one number.';
      const { ranges, rejected } = parseNumberInput(value);
      if (rejected.length) return `Not a number in international format: ${quoted(rejected[0])}. Start with + or 00 and the country code.`;
      const problems = rangeProblems(s, ranges).filter((p) => p.path[0] === 'numberRangeList');
      const error = problems.find((p) => p.severity === 'error');
      if (error) return error.message;
      const summary = `${plural(countNumbers({ numberRangeList: ranges } as ReactivationRequest), 'number')} in ${plural(ranges.length, 'range')}`;
      const warning = problems.find((p) => p.severity === 'warning');
      if (warning) return { message: `${summary}. ${warning.message}`, severity: vscode.InputBoxValidationSeverity.Warning };
      return { message: summary, severity: vscode.InputBoxValidationSeverity.Info };
    },
  });
  if (text === undefined) return undefined;
  const { ranges, rejected } = parseNumberInput(text);
  return rejected.length || !ranges.length ? undefined : { ranges, text };
}

/**
 * Numbers of several countries: offers the batch import (one order per country, its plan shown
 * for review before anything is written or sent) or one order anyway. 'batch' once the import
 * has run, 'one' to go on here, undefined when the user cancels.
 */
async function offerBatch(s: Services, mix: CountryShare[], asked: { ranges: NumberRange[]; text: string }): Promise<'batch' | 'one' | undefined> {
  const make = 'Make a Batch';
  const one = 'Continue with One Order';
  const answer = await s.prompter.showWarningMessage(
    `These numbers belong to ${mix.length} countries: ${describeCountryMix(mix)}.`,
    {
      modal: true,
      detail: 'One order takes one reseller country. A batch makes one order per country and shows its plan for review before anything is sent.',
    },
    make,
    one,
  );
  if (answer === one) return 'one';
  if (answer !== make) return undefined;
  // The import reads one number per line; a range too large to list goes as typed, and the import says what it makes of it.
  const text =
    numbersAsLines(asked.ranges) ??
    asked.text
      .split(/[,;\r\n]+/)
      .map((t) => t.trim())
      .filter(Boolean)
      .join('\n');
  await vscode.commands.executeCommand(Commands.importNumbers, { text });
  return 'batch';
}

async function askCountry(s: Services, ranges: NumberRange[]): Promise<CountryCode | undefined> {
  const guessed = countryOfNumber(ranges[0].numberRangeStart);
  const order = guessed ? [guessed, ...COUNTRY_CODES.filter((c) => c !== guessed)] : [...COUNTRY_CODES];
  for (;;) {
    const items = order.map((code) => ({
      label: COUNTRIES[code].name,
      description: `${code} · +${COUNTRIES[code].callingCode}${code === guessed ? ' · matches the numbers' : ''}`,
      detail: portInSupport(code) === 'disputed' ? "Port-in reactivation: Colt's documentation disagrees on this country." : undefined,
      code,
    }));
    const pick = await s.prompter.showQuickPick(items, {
      title: `Reactivate Numbers (2/${STEPS}): reseller country`,
      placeHolder: 'Country of the reseller',
      matchOnDescription: true,
      ignoreFocusOut: true,
    });
    if (!pick) return undefined;
    const problems = rangeProblems(s, ranges, pick.code).filter((p) => p.severity !== 'info');
    const error = problems.find((p) => p.severity === 'error');
    if (error) {
      const again = await s.prompter.showErrorMessage(error.message, {}, 'Choose Another Country');
      if (!again) return undefined;
      continue;
    }
    if (!problems.length) return pick.code;
    // A warning (such as numbers from another country's range) may be right: the user decides.
    const keep = `Keep ${COUNTRIES[pick.code].name}`;
    const answer = await s.prompter.showWarningMessage(problems[0].message, { modal: true, detail: 'Cancel to choose another country.' }, keep);
    if (answer === keep) return pick.code;
  }
}

async function askServiceProfile(s: Services): Promise<string | undefined> {
  const value = await s.prompter.showInputBox({
    title: `Reactivate Numbers (3/${STEPS}): service profile (optional)`,
    prompt: 'Needed only when the customer has more than one service profile in that country. Leave empty to omit it.',
    placeHolder: 'such as ANH',
    ignoreFocusOut: true,
    validateInput: (v) => (v && !v.trim() ? 'A service profile cannot be blank spaces: leave it empty or type the profile.' : undefined),
  });
  return value === undefined ? undefined : value.trim();
}

async function confirm(s: Services, body: ReactivationRequest): Promise<'submit' | 'open' | undefined> {
  const profile = body.relatedParty.reseller.serviceProfile;
  const summary = `${plural(countNumbers(body), 'number')} in ${plural(body.numberRangeList.length, 'range')}, ${countryLabel(body)}${profile ? `, profile ${profile}` : ''}`;
  const pick = await s.prompter.showQuickPick(
    [
      { label: `$(cloud-upload) Submit to ${s.targets.label}`, detail: `${summary}\n${listRanges(body, 5)}`, action: 'submit' as const },
      { label: '$(json) Open as JSON', detail: 'Review or save the request as a file first; nothing is sent.', action: 'open' as const },
    ],
    { title: `Reactivate Numbers (4/${STEPS}): ${summary}`, placeHolder: `Target: ${s.targets.label} (${s.targets.host()})`, ignoreFocusOut: true },
  );
  return pick?.action;
}
