// Words for a request, shared by the confirmation, the tree and notifications. No vscode import:
// unit-tested in plain Node.
import { COUNTRIES } from '../../core/countries';
import { rangeSize } from '../../core/e164';
import type { OrderRecord } from '../../core/orderRecord';
import type { NumberRange, ReactivationRequest } from '../../core/schemas';

export function countNumbers(body: ReactivationRequest): bigint {
  return body.numberRangeList.reduce((sum, r) => sum + rangeSize(r), 0n);
}

export function plural(n: bigint | number, word: string): string {
  return `${n.toLocaleString('en-GB')} ${word}${n === 1 || n === 1n ? '' : 's'}`;
}

export function describeRange(r: NumberRange): string {
  return r.numberRangeStart === r.numberRangeEnd ? r.numberRangeStart : `${r.numberRangeStart} – ${r.numberRangeEnd}`;
}

/** The ranges, one a line, cut after `max` lines so a modal dialog stays readable. */
export function listRanges(body: ReactivationRequest, max = 10): string {
  const lines = body.numberRangeList.slice(0, max).map((r) => `  ${describeRange(r)} (${plural(rangeSize(r), 'number')})`);
  const rest = body.numberRangeList.length - max;
  if (rest > 0) lines.push(`  …and ${plural(rest, 'more range')}`);
  return lines.join('\n');
}

export function countryLabel(body: ReactivationRequest): string {
  const code = body.relatedParty.reseller.country;
  return `${COUNTRIES[code]?.name ?? code} (${code})`;
}

/** Everything a person must see before production numbers change. */
export function productionConfirmation(o: { host: string; body: ReactivationRequest; trackingId: string }): { message: string; detail: string } {
  const count = countNumbers(o.body);
  const profile = o.body.relatedParty.reseller.serviceProfile;
  return {
    message: `Reactivate ${plural(count, 'number')} in PRODUCTION at ${o.host}?`,
    detail: [
      `Target: Colt production, ${o.host}`,
      `Numbers: ${count.toLocaleString('en-GB')} in ${plural(o.body.numberRangeList.length, 'range')}`,
      listRanges(o.body),
      `Country: ${countryLabel(o.body)}${profile ? `, service profile ${profile}` : ''}`,
      `Tracking id: ${o.trackingId}`,
      '',
      'Real numbers are reactivated and cannot be quarantined again from here.',
    ].join('\n'),
  };
}

/**
 * The Check Order dialog. The resend may place the order, so a production one shows everything
 * the production confirmation shows: count, ranges, country, tracking id.
 */
export function checkOrderConfirmation(record: OrderRecord): { message: string; detail: string } {
  const host = new URL(record.baseUrl).host;
  const reconcile =
    'If Colt already has this order, it should answer 409 with its order id and nothing new is created, as the emulator does ' +
    '(Colt does not document this). If it does not have it, the order is placed now, once.';
  if (record.target !== 'production') {
    return { message: `Resend order ${record.trackingId} to ${host} with the same tracking id?`, detail: reconcile };
  }
  const production = productionConfirmation({ host, body: record.body, trackingId: record.trackingId });
  return {
    message: `Resend order ${record.trackingId} to PRODUCTION at ${host}? It may reactivate ${plural(countNumbers(record.body), 'number')}.`,
    detail: `${production.detail}\n\n${reconcile}`,
  };
}
