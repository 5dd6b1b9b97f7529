import { Webhook } from 'standardwebhooks';
import { generateWebhookSecret, signWebhook, verifyWebhook } from './standard-webhooks.js';

describe('Standard Webhooks signing', () => {
  const body = JSON.stringify({ type: 'order.created', data: { id: 42, note: 'café ✓' } });
  const msgId = 'msg_2mC3sFQ9kYq4';
  const sentAt = new Date('2026-03-01T12:00:00.750Z');

  it('generates whsec_ secrets of 24 random bytes', () => {
    const secret = generateWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    expect(Buffer.from(secret.slice('whsec_'.length), 'base64')).toHaveLength(24);
    expect(generateWebhookSecret()).not.toBe(secret);
  });

  it('signs with the id and the timestamp in whole seconds, and verifies what it signed', () => {
    const secret = generateWebhookSecret();
    const headers = signWebhook([secret], msgId, sentAt, body);
    expect(headers).toEqual({
      'webhook-id': msgId,
      'webhook-timestamp': '1772366400',
      'webhook-signature': expect.stringMatching(/^v1,[A-Za-z0-9+/]{43}=$/),
    });
    expect(() => verifyWebhook(secret, headers, body, { now: sentAt })).not.toThrow();
  });

  it('matches the scheme on a known vector', () => {
    // Key bytes 0x00…0x17; the expected value was computed independently of this module:
    // printf 'msg_1.1700000000.{"a":1}' | openssl dgst -sha256 -mac HMAC -macopt hexkey:0001…17 -binary | base64
    const secret = `whsec_${Buffer.from(Array.from({ length: 24 }, (_, index) => index)).toString('base64')}`;
    const headers = signWebhook([secret], 'msg_1', new Date(1_700_000_000_000), '{"a":1}');
    expect(headers['webhook-signature']).toBe('v1,YOREwC5BRUvI4ezImQEgEteB7JbPr/Iy2YCZe049/5g=');
  });

  it('signs with every secret during a rotation, and either secret verifies', () => {
    const [previous, next] = [generateWebhookSecret(), generateWebhookSecret()];
    const headers = signWebhook([previous, next], msgId, sentAt, body);
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(() => verifyWebhook(previous, headers, body, { now: sentAt })).not.toThrow();
    expect(() => verifyWebhook(next, headers, body, { now: sentAt })).not.toThrow();
    expect(() => verifyWebhook(generateWebhookSecret(), headers, body, { now: sentAt })).toThrow(
      'No matching webhook signature',
    );
  });

  it('reads headers in any case, as arrays, and ignores other signature versions', () => {
    const secret = generateWebhookSecret();
    const signed = signWebhook([secret], msgId, sentAt, body);
    const headers = {
      'Webhook-Id': [signed['webhook-id']],
      'WEBHOOK-TIMESTAMP': signed['webhook-timestamp'],
      'webhook-signature': `v1a,${'A'.repeat(86)}== v1,bm90LXRoaXMtb25l ${signed['webhook-signature']}`,
    };
    expect(() => verifyWebhook(secret, headers, body, { now: sentAt })).not.toThrow();
  });

  describe('refuses', () => {
    const secret = generateWebhookSecret();
    const headers = signWebhook([secret], msgId, sentAt, body);

    it('a tampered body, id or timestamp', () => {
      expect(() => verifyWebhook(secret, headers, body.replace('42', '43'), { now: sentAt })).toThrow(
        'No matching webhook signature',
      );
      expect(() =>
        verifyWebhook(secret, { ...headers, 'webhook-id': 'msg_other' }, body, { now: sentAt }),
      ).toThrow('No matching webhook signature');
      const later = { ...headers, 'webhook-timestamp': String(Number(headers['webhook-timestamp']) + 1) };
      expect(() => verifyWebhook(secret, later, body, { now: sentAt })).toThrow(
        'No matching webhook signature',
      );
    });

    it('a wrong secret', () => {
      expect(() => verifyWebhook(generateWebhookSecret(), headers, body, { now: sentAt })).toThrow(
        'No matching webhook signature',
      );
    });

    it('a timestamp outside the tolerance, either way', () => {
      const at = (seconds: number) => new Date(sentAt.getTime() + seconds * 1000);
      expect(() => verifyWebhook(secret, headers, body, { now: at(300) })).not.toThrow();
      expect(() => verifyWebhook(secret, headers, body, { now: at(301) })).toThrow(/too old/);
      expect(() => verifyWebhook(secret, headers, body, { now: at(-301) })).toThrow(/future/);
      expect(() => verifyWebhook(secret, headers, body, { now: at(61), toleranceSeconds: 60 })).toThrow(
        /too old/,
      );
      // The default clock is the real one, and this message is from 2026-03-01.
      expect(() => verifyWebhook(secret, headers, body)).toThrow(/too old|future/);
    });

    it('missing, repeated or malformed headers', () => {
      const without = (name: keyof typeof headers) => ({ ...headers, [name]: undefined });
      expect(() => verifyWebhook(secret, without('webhook-id'), body, { now: sentAt })).toThrow(
        'Missing webhook-id header',
      );
      expect(() => verifyWebhook(secret, without('webhook-timestamp'), body, { now: sentAt })).toThrow(
        'Missing webhook-timestamp header',
      );
      expect(() =>
        verifyWebhook(secret, { ...headers, 'webhook-signature': '' }, body, { now: sentAt }),
      ).toThrow('Missing webhook-signature header');
      expect(() =>
        verifyWebhook(secret, { ...headers, 'webhook-id': [msgId, 'msg_other'] }, body, { now: sentAt }),
      ).toThrow('appears more than once');
      expect(() =>
        verifyWebhook(secret, { ...headers, 'webhook-timestamp': '1772366400.5' }, body, { now: sentAt }),
      ).toThrow('Invalid webhook-timestamp header');
    });

    it('secrets that are not whsec_ and base64', () => {
      expect(() => signWebhook(['not-a-secret'], msgId, sentAt, body)).toThrow(/whsec_/);
      expect(() => signWebhook(['whsec_not base64!'], msgId, sentAt, body)).toThrow(/whsec_/);
      expect(() => signWebhook([], msgId, sentAt, body)).toThrow(/at least one secret/);
      expect(() => signWebhook([secret], msgId, new Date(Number.NaN), body)).toThrow(/valid timestamp/);
    });
  });

  describe('interoperates with the standardwebhooks package', () => {
    // The package checks timestamps against the real clock, so these messages are signed now.
    const now = new Date();

    it('which verifies what signWebhook produces, with one secret or several', () => {
      const [secret, other] = [generateWebhookSecret(), generateWebhookSecret()];
      expect(new Webhook(secret).verify(body, signWebhook([secret], msgId, now, body))).toEqual(
        JSON.parse(body),
      );
      expect(new Webhook(other).verify(body, signWebhook([secret, other], msgId, now, body))).toEqual(
        JSON.parse(body),
      );
      expect(() => new Webhook(other).verify(body, signWebhook([secret], msgId, now, body))).toThrow(
        'No matching signature found',
      );
    });

    it('whose signatures verifyWebhook accepts', () => {
      const secret = generateWebhookSecret();
      const signature = new Webhook(secret).sign(msgId, now, body);
      const headers = {
        'webhook-id': msgId,
        'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
        'webhook-signature': signature,
      };
      expect(() => verifyWebhook(secret, headers, body)).not.toThrow();
      expect(() => verifyWebhook(secret, headers, `${body} `)).toThrow('No matching webhook signature');
    });
  });
});
