// The one source of truth for what Colt's reactivate API accepts and answers (docs/colt-api.md).
// Messages say how to fix the problem, because they reach users verbatim through the
// diagnostics, the form and the command line.
import * as z from 'zod/mini';
import { COUNTRY_CODES } from './countries';

export const E164_PATTERN = /^[+]{1}[1-9]{1}[0-9]*$/;
export const E164_MIN_LENGTH = 6;
export const E164_MAX_LENGTH = 16;
export const PRODUCT_NAME = 'Wholesale SIP';

export const TRACKING_ID_PATTERN = /^[a-zA-Z0-9_.~:@-]{1,255}$/;
export const TRACKING_ID_MAX_LENGTH = 255;

export const e164Schema = z.string({ error: 'Expected a phone number as a string in E.164 format, such as "+442081324758".' }).check(
  z.regex(E164_PATTERN, {
    error: 'Not an E.164 number: write "+", then the country code and the number, digits only, no leading zero (such as "+442081324758").',
  }),
  z.minLength(E164_MIN_LENGTH, { error: `Too short for an E.164 number: at least ${E164_MIN_LENGTH} characters including "+".` }),
  z.maxLength(E164_MAX_LENGTH, { error: `Too long for an E.164 number: at most ${E164_MAX_LENGTH} characters including "+".` }),
);

export const numberRangeSchema = z
  .object(
    {
      numberRangeStart: e164Schema.check(z.describe('First number of the range, E.164 (such as "+442081324758").')),
      numberRangeEnd: e164Schema.check(z.describe('Last number of the range, inclusive; equal to the start for a single number.')),
    },
    { error: 'Each range is an object: {"numberRangeStart": "+442081324758", "numberRangeEnd": "+442081324758"}.' },
  )
  .check(z.describe('An inclusive range of numbers; a single number has start = end.'));

export const countrySchema = z.enum(COUNTRY_CODES, {
  error: `Unknown country: use one of the ISO codes ${COUNTRY_CODES.join(', ')}.`,
});

export const requestBodySchema = z.object({
  numberRangeList: z
    .array(numberRangeSchema, { error: 'numberRangeList must be a list of ranges: [{"numberRangeStart": "...", "numberRangeEnd": "..."}].' })
    .check(z.minLength(1, { error: 'Add at least one range to numberRangeList.' }), z.describe('The numbers to reactivate, as inclusive ranges.')),
  productOffering: z
    .object(
      {
        name: z.literal(PRODUCT_NAME, { error: `productOffering.name must be "${PRODUCT_NAME}".` }).check(z.describe(`The product: always "${PRODUCT_NAME}".`)),
      },
      { error: `Expected an object: "productOffering": {"name": "${PRODUCT_NAME}"}.` },
    )
    .check(z.describe('The product the numbers belong to.')),
  relatedParty: z
    .object(
      {
        reseller: z
          .object(
            {
              serviceProfile: z
                .optional(
                  z
                    .string({ error: 'serviceProfile must be a string, such as "ANH".' })
                    .check(z.minLength(1, { error: 'serviceProfile must not be empty: remove it, or set the profile, such as "ANH".' })),
                )
                .check(z.describe('Service profile of the customer; mandatory when the customer has more than one service profile in that country.')),
              country: countrySchema.check(z.describe('Country of the reseller, as an ISO code.')),
            },
            { error: 'Expected an object: "reseller": {"country": "GB"}.' },
          )
          .check(z.describe('The reseller the numbers belong to.')),
      },
      { error: 'Expected an object: "relatedParty": {"reseller": {"country": "GB"}}.' },
    )
    .check(z.describe('The party the request is made for.')),
});

/** A `.reactivate.json` file: the request body plus an optional `$schema`, which is never sent. */
export const requestFileSchema = z.extend(requestBodySchema, {
  $schema: z
    .optional(z.string({ error: '"$schema" must be a string (the JSON Schema\'s URL or path), or remove it.' }))
    .check(z.describe('Editor hint only; never sent to Colt.')),
});

export type NumberRange = z.infer<typeof numberRangeSchema>;
export type ReactivationRequest = z.infer<typeof requestBodySchema>;
export type RequestFile = z.infer<typeof requestFileSchema>;

/** Strips `$schema` and unknown keys: exactly the body Colt receives. */
export function toRequestBody(file: unknown): ReactivationRequest {
  return requestBodySchema.parse(file);
}

export const trackingIdSchema = z
  .string()
  .check(
    z.maxLength(TRACKING_ID_MAX_LENGTH, { error: `x-tracking-id is at most ${TRACKING_ID_MAX_LENGTH} characters.` }),
    z.regex(TRACKING_ID_PATTERN, { error: 'x-tracking-id may hold only letters, digits and _ . ~ : @ -' }),
  );
