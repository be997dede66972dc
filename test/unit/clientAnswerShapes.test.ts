// The client against answers in shapes other than the emulator's own, each sent by the real
// emulator over loopback (its answer fault): lenient where Colt's document and the RFCs leave
// room (error bodies in Colt's, TM Forum's or OAuth's shape, or plain text), strict where a
// wrong reading could place an order twice or lose one (an order id that cannot be tracked,
// another order's status).
import * as assert from 'node:assert/strict';
import { newTrackingId, type ColtClient, type SubmitOutcome } from '../../src/core/coltClient';
import { EmulatorHarness } from './clientHelpers';

type Rejected = Extract<SubmitOutcome, { kind: 'rejected' }>;

describe('Colt client: answer shapes', function () {
  let emu: EmulatorHarness;
  let client: ColtClient;

  beforeEach(async () => {
    emu = await EmulatorHarness.start();
    client = emu.client();
  });
  afterEach(async () => {
    await client.close();
    await emu.close();
  });

  function answer(on: 'order' | 'token' | 'status', status: number, body: unknown, contentType?: string, stage?: 'afterStore') {
    return {
      on,
      kind: 'answer',
      status,
      body: typeof body === 'string' ? body : JSON.stringify(body),
      ...(contentType ? { contentType } : {}),
      ...(stage ? { stage } : {}),
    };
  }

  async function rejected(): Promise<Rejected> {
    const outcome = await client.submitOrder(emu.freshBody(), { trackingId: newTrackingId() });
    assert.equal(outcome.kind, 'rejected', JSON.stringify(outcome));
    return outcome as Rejected;
  }

  describe('error bodies: read for their words, whatever their shape', () => {
    const shapes: { name: string; status: number; body: unknown; contentType?: string; says: string; code?: string }[] = [
      {
        name: "TM Forum's error, as application/problem+json",
        status: 422,
        body: {
          code: '60',
          reason: 'Unprocessable Entity',
          message: 'The number is not quarantined.',
          status: '422',
          referenceError: 'https://example.com/e/60',
          '@type': 'Error',
        },
        contentType: 'application/problem+json; charset=UTF-8',
        says: 'Local emulator refused the order (HTTP 422): The number is not quarantined.',
        code: '60',
      },
      {
        name: "Colt's error with a null message: the reason instead",
        status: 400,
        body: { code: 'INVALID_REQUEST', reason: 'Bad Request', message: null, status: 400 },
        says: 'Local emulator refused the order (HTTP 400): Bad Request',
        code: 'INVALID_REQUEST',
      },
      {
        name: 'plain text from a gateway',
        status: 503,
        body: 'Service Unavailable',
        contentType: 'text/plain',
        says: 'Local emulator refused the order (HTTP 503): Service Unavailable Local emulator had a problem; try again later.',
      },
      {
        name: 'a JSON string',
        status: 429,
        body: '"Too many requests, slow down"',
        says: 'Local emulator refused the order (HTTP 429): Too many requests, slow down',
      },
      {
        name: 'an HTML page: only the status',
        status: 503,
        body: '<html><body><h1>503</h1>Service down</body></html>',
        contentType: 'text/html',
        says: 'Local emulator refused the order (HTTP 503): HTTP 503 Local emulator had a problem; try again later.',
      },
      {
        name: 'a plain-text stack trace: only the status',
        status: 500,
        body: 'java.lang.NullPointerException\n\tat com.example.Orders.place(Orders.java:42)',
        contentType: 'text/plain',
        says: 'Local emulator refused the order (HTTP 500): HTTP 500 Local emulator had a problem; try again later.',
      },
    ];
    for (const c of shapes) {
      it(`${c.name}`, async () => {
        await emu.fault(answer('order', c.status, c.body, c.contentType));
        const outcome = await rejected();
        assert.equal(outcome.httpStatus, c.status);
        assert.equal(outcome.message, c.says);
        assert.equal(outcome.code, c.code);
      });
    }

    it("the token endpoint's OAuth error (RFC 6749, 5.2): invalid_client with 400 is a refused secret; another error is shown in its words", async () => {
      await emu.fault(answer('token', 400, { error: 'invalid_client', error_description: 'Client authentication failed.' }));
      assert.match((await rejected()).message, /^Colt refused the client id or secret for Local emulator: check them/);
      await emu.fault(
        answer('token', 400, { error: 'invalid_scope', error_description: 'The requested scope is unknown.', error_uri: 'https://example.com/e' }),
      );
      assert.equal(
        (await rejected()).message,
        'Local emulator did not issue a token (HTTP 400: The requested scope is unknown.). Check the target and the credentials.',
      );
      await emu.fault(answer('token', 400, { error: 'unsupported_grant_type' }));
      assert.equal(
        (await rejected()).message,
        'Local emulator did not issue a token (HTTP 400: unsupported_grant_type). Check the target and the credentials.',
      );
      assert.equal((await emu.stats()).orderRequests, 0);
    });
  });

  describe('accepted orders: only an id that can be tracked counts', () => {
    for (const [what, order] of [
      ['a blank id', { id: '  ' }],
      ['a numeric id', { id: 12345678901234567168 }],
      ['no id', { orderStatus: 'In progress' }],
    ] as const) {
      it(`a 201 with ${what}: unknown; resubmitting the same tracking id finds the order (409) and its id`, async () => {
        const trackingId = newTrackingId();
        const body = emu.freshBody();
        await emu.fault(answer('order', 201, { order }, undefined, 'afterStore'));
        const first = await client.submitOrder(body, { trackingId });
        assert.equal(first.kind, 'unknown', JSON.stringify(first));
        const stored = await emu.ordersWith(trackingId);
        assert.equal(stored.length, 1);
        const again = await client.submitOrder(body, { trackingId });
        assert.equal(again.kind, 'rejected');
        assert.equal((again as Rejected).existingOrderId, stored[0]!.id);
        assert.equal((await emu.ordersWith(trackingId)).length, 1, 'placed once');
      });
    }

    it('a 409 whose order id is blank gives no existing order id', async () => {
      await emu.fault(answer('order', 409, { code: 'DUPLICATE_TRACKING_ID', message: 'Already used.', order: { id: '' } }));
      const outcome = await rejected();
      assert.equal(outcome.httpStatus, 409);
      assert.equal(outcome.existingOrderId, undefined);
    });
  });

  describe('status answers', () => {
    async function acceptedOrderId(): Promise<string> {
      const outcome = await client.submitOrder(emu.freshBody(), { trackingId: newTrackingId() });
      assert.equal(outcome.kind, 'accepted', JSON.stringify(outcome));
      return (outcome as Extract<SubmitOutcome, { kind: 'accepted' }>).orderId;
    }

    it("another order's status is not taken for this one", async () => {
      const id = await acceptedOrderId();
      await emu.fault(answer('status', 200, { order: { id: 'some-other-order', orderStatus: 'Failed' } }));
      assert.deepEqual(await client.getOrderStatus(id), {
        kind: 'error',
        message: `Local emulator answered the status of order ${id} with the status of order some-other-order; it was not used.`,
      });
    });

    it('a status word in another case, with extra fields, is kept as Colt wrote it', async () => {
      const id = await acceptedOrderId();
      await emu.fault(answer('status', 200, { order: { id, orderStatus: 'COMPLETED', orderType: 'Number Reactivation', href: `/order/${id}` }, links: [] }));
      assert.deepEqual(await client.getOrderStatus(id), { kind: 'status', orderStatus: 'COMPLETED' });
    });
  });
});
