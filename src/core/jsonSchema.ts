import * as z from 'zod/mini';
import { requestFileSchema } from './schemas';

/** JSON Schema (draft 2020-12) for `*.reactivate.json`, generated so it never drifts from zod. */
export function requestJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(requestFileSchema, { target: 'draft-2020-12', io: 'input' }) as Record<string, unknown>;
  return {
    ...schema,
    $id: 'https://colt-reactivate.local/reactivate.schema.json',
    title: 'Colt number reactivation request',
    description: 'The body of POST /numberManagement/v1/reactivate/order, plus an optional "$schema".',
  };
}
