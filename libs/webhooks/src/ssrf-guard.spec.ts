import { type LookupAddress, type LookupOptions } from 'node:dns';

import { RailError, RailErrorCode } from '@rail/core';

import { SsrfGuard, WEBHOOK_ADDRESS_BLOCKED, type WebhookHostResolver } from './ssrf-guard.js';

/** A resolver answering from a table, so no test depends on network DNS. */
function resolver(table: Partial<Record<string, readonly string[]>>): WebhookHostResolver {
  return (hostname) => {
    const addresses = table[hostname];
    if (addresses === undefined) {
      return Promise.reject(
        Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }),
      );
    }
    return Promise.resolve(addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })));
  };
}

async function refusal(guard: SsrfGuard, url: string): Promise<RailError> {
  try {
    await guard.assertAllowedUrl(url);
  } catch (error) {
    if (error instanceof RailError) return error;
    throw error;
  }
  throw new Error(`${url} was allowed`);
}

/** The guard's lookup, called the way http(s).request calls it. */
function lookup(
  guard: SsrfGuard,
  hostname: string,
  options: LookupOptions,
): Promise<{ address: string | LookupAddress[]; family?: number }> {
  return new Promise((resolve, reject) => {
    guard.lookup(hostname, options, (error, address, family) => {
      if (error) reject(error);
      else resolve({ address, family });
    });
  });
}

describe('SsrfGuard', () => {
  const guard = new SsrfGuard({
    resolve: resolver({
      localhost: ['127.0.0.1', '::1'],
      'hooks.example.com': ['93.184.216.34', '2606:2800:220:1:248:1893:25c8:1946'],
      'mixed.example.com': ['93.184.216.34', '10.1.2.3'],
      'metadata.example.com': ['169.254.169.254'],
    }),
  });

  it.each([
    ['http://169.254.169.254/latest/meta-data/', /"169\.254\.169\.254" is a cloud metadata address/],
    ['http://[fd00:ec2::254]/', /cloud metadata/],
    ['http://10.0.0.1/', /"10\.0\.0\.1" is a private address/],
    ['http://172.31.255.255/', /private/],
    ['http://192.168.1.1/', /private/],
    ['http://[fd12:3456::1]/', /private/],
    ['http://127.0.0.1:8080/', /"127\.0\.0\.1" is a loopback address/],
    ['http://[::1]/', /"::1" is a loopback address/],
    ['http://[::ffff:10.0.0.1]/', /"::ffff:a00:1" is a private address/],
    ['http://[::ffff:127.0.0.1]/', /loopback/],
    ['http://[::ffff:169.254.169.254]/', /cloud metadata/],
    ['http://[64:ff9b::a9fe:a9fe]/', /cloud metadata/],
    ['http://0.0.0.0/', /"0\.0\.0\.0" is an unspecified address/],
    ['http://[::]/', /unspecified/],
    ['http://2130706433/', /"127\.0\.0\.1" is a loopback address/],
    ['http://0x7f.1/', /"127\.0\.0\.1" is a loopback address/],
    ['http://017700000001/', /loopback/],
    ['http://169.254.10.1/', /link-local/],
    ['http://[fe80::1]/', /link-local/],
    ['http://100.64.0.1/', /carrier-grade NAT/],
    ['http://224.0.0.1/', /multicast/],
    ['http://[ff02::1]/', /multicast/],
    ['http://255.255.255.255/', /reserved/],
    ['http://198.18.0.1/', /reserved/],
    ['http://[2001:db8::1]/', /reserved/],
    ['http://[2002:a00:1::]/', /reserved/],
    ['http://[100::1]/', /reserved/],
    ['http://localhost/', /"localhost" resolves to 127\.0\.0\.1, which is a loopback address/],
    ['http://mixed.example.com/', /resolves to 10\.1\.2\.3, which is a private address/],
    ['http://metadata.example.com/', /cloud metadata/],
    ['http://unknown.example.com/', /"unknown\.example\.com" could not be resolved \(ENOTFOUND\)/],
    ['ftp://93.184.216.34/', /must use https or http/],
    ['file:///etc/passwd', /must use https or http/],
    ['http://user:pass@93.184.216.34/', /must not contain a user name or password/],
    ['https://token@93.184.216.34/', /must not contain a user name or password/],
    ['not a url', /not a valid URL/],
  ])('refuses %s', async (url, reason) => {
    const error = await refusal(guard, url);
    expect(error.code).toBe(RailErrorCode.BAD_USER_INPUT);
    expect(error.extensions).toMatchObject({ field: 'url', code: RailErrorCode.BAD_USER_INPUT });
    expect(error.message).toMatch(reason);
  });

  it.each([
    'https://93.184.216.34/hooks',
    'http://93.184.216.34:8080/',
    'https://hooks.example.com/rail',
    'https://[2606:2800:220:1:248:1893:25c8:1946]/',
    'https://[::ffff:93.184.216.34]/',
    'https://[64:ff9b::5db8:d822]/',
  ])('allows the public %s', async (url) => {
    await expect(guard.assertAllowedUrl(url)).resolves.toEqual(new URL(url));
  });

  it('requires https when told to', async () => {
    const strict = new SsrfGuard({ requireHttps: true });
    expect((await refusal(strict, 'http://93.184.216.34/')).message).toMatch('must use https');
    expect((await refusal(strict, 'ftp://93.184.216.34/')).message).toMatch(/must use https$/);
    await expect(strict.assertAllowedUrl('https://93.184.216.34/')).resolves.toBeInstanceOf(URL);
  });

  it('allows the listed IPs, CIDRs and hosts although private', async () => {
    const allowing = new SsrfGuard({
      allow: ['127.0.0.1', '10.0.0.0/8', '[fd00::]/8', 'hooks.internal'],
      resolve: resolver({ 'hooks.internal': ['192.168.0.10'], localhost: ['127.0.0.1'] }),
    });
    await expect(allowing.assertAllowedUrl('http://127.0.0.1:8080/')).resolves.toBeInstanceOf(URL);
    await expect(allowing.assertAllowedUrl('http://[::ffff:127.0.0.1]/')).resolves.toBeInstanceOf(URL);
    await expect(allowing.assertAllowedUrl('http://localhost/')).resolves.toBeInstanceOf(URL);
    await expect(allowing.assertAllowedUrl('http://10.200.0.1/')).resolves.toBeInstanceOf(URL);
    await expect(allowing.assertAllowedUrl('http://[fd00:ec2::254]/')).resolves.toBeInstanceOf(URL);
    await expect(allowing.assertAllowedUrl('http://HOOKS.internal./x')).resolves.toBeInstanceOf(URL);
    expect((await refusal(allowing, 'http://127.0.0.2/')).message).toMatch(/loopback/);
    expect((await refusal(allowing, 'http://192.168.0.10/')).message).toMatch(/private/);
  });

  it('refuses allow entries it cannot read', () => {
    expect(() => new SsrfGuard({ allow: ['10.0.0.0/33'] })).toThrow(/invalid prefix length/);
    expect(() => new SsrfGuard({ allow: ['10.0.0.0/'] })).toThrow(/invalid prefix length/);
    expect(() => new SsrfGuard({ allow: ['::1/1x'] })).toThrow(/invalid prefix length/);
    expect(() => new SsrfGuard({ allow: ['10.0.0.0/8/8'] })).toThrow(/neither a host name nor an IP/);
    expect(() => new SsrfGuard({ allow: ['hooks.internal/8'] })).toThrow(/neither a host name nor an IP/);
    expect(() => new SsrfGuard({ allow: ['http://hooks.internal'] })).toThrow(
      /neither a host name nor an IP/,
    );
  });

  it('judges single addresses at connect time', () => {
    expect(guard.isAllowedAddress('93.184.216.34', 'hooks.example.com')).toBe(true);
    expect(guard.isAllowedAddress('10.0.0.1', 'hooks.example.com')).toBe(false);
    expect(guard.isAllowedAddress('::ffff:10.0.0.1', 'hooks.example.com')).toBe(false);
    expect(guard.isAllowedAddress('fe80::1%eth0', 'hooks.example.com')).toBe(false);
    expect(guard.isAllowedAddress('not-an-ip', 'hooks.example.com')).toBe(false);
    const allowing = new SsrfGuard({ allow: ['hooks.internal'] });
    expect(allowing.isAllowedAddress('10.0.0.1', 'hooks.internal')).toBe(true);
    expect(allowing.isAllowedAddress('10.0.0.1', 'hooks.example.com')).toBe(false);
  });

  describe('lookup', () => {
    it('answers in both forms Node asks for', async () => {
      await expect(lookup(guard, 'hooks.example.com', { all: true })).resolves.toEqual({
        address: [
          { address: '93.184.216.34', family: 4 },
          { address: '2606:2800:220:1:248:1893:25c8:1946', family: 6 },
        ],
        family: undefined,
      });
      await expect(lookup(guard, 'hooks.example.com', {})).resolves.toEqual({
        address: '93.184.216.34',
        family: 4,
      });
    });

    it('fails the connection when the host now resolves to an internal address (DNS rebinding)', async () => {
      const answers = [['93.184.216.34'], ['127.0.0.1']];
      const rebinding = new SsrfGuard({
        resolve: () =>
          Promise.resolve((answers.shift() ?? []).map((address): LookupAddress => ({ address, family: 4 }))),
      });
      await expect(rebinding.assertAllowedUrl('https://rebind.example.com/')).resolves.toBeInstanceOf(URL);
      await expect(lookup(rebinding, 'rebind.example.com', { all: true })).rejects.toMatchObject({
        code: WEBHOOK_ADDRESS_BLOCKED,
        message: expect.stringMatching(/blocked: rebind\.example\.com resolves to 127\.0\.0\.1, .*loopback/),
      });
    });

    it('fails when any address is blocked, and passes resolution errors on', async () => {
      await expect(lookup(guard, 'mixed.example.com', { all: true })).rejects.toMatchObject({
        code: WEBHOOK_ADDRESS_BLOCKED,
      });
      await expect(lookup(guard, 'unknown.example.com', {})).rejects.toMatchObject({ code: 'ENOTFOUND' });
    });

    it('resolves with dns.lookup by default', async () => {
      // localhost comes from the hosts file, not from network DNS.
      expect((await refusal(new SsrfGuard({}), 'http://localhost/')).message).toMatch(/loopback/);
      await expect(lookup(new SsrfGuard({}), 'localhost', { all: true })).rejects.toMatchObject({
        code: WEBHOOK_ADDRESS_BLOCKED,
      });
      await expect(lookup(new SsrfGuard({ allow: ['localhost'] }), 'localhost', {})).resolves.toMatchObject({
        address: expect.stringMatching(/^(127\.0\.0\.1|::1)$/),
      });
    });
  });
});
