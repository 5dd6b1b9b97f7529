import { ScureBase32Plugin } from 'otplib';
import { TotpService, type TotpAlgorithm } from './totp.service.js';

const base32 = new ScureBase32Plugin();
const asciiSecret = (text: string): string => base32.encode(new TextEncoder().encode(text));

// RFC 6238 appendix B: the seed is the ASCII string "1234567890" repeated to the hash's size.
const secrets: Record<TotpAlgorithm, string> = {
  sha1: asciiSecret('12345678901234567890'),
  sha256: asciiSecret('12345678901234567890123456789012'),
  sha512: asciiSecret('1234567890123456789012345678901234567890123456789012345678901234'),
};

const vectors: [seconds: number, sha1: string, sha256: string, sha512: string][] = [
  [59, '94287082', '46119246', '90693936'],
  [1111111109, '07081804', '68084774', '25091201'],
  [1111111111, '14050471', '67062674', '99943326'],
  [1234567890, '89005924', '91819424', '93441116'],
  [2000000000, '69279037', '90698825', '38618901'],
  [20000000000, '65353130', '77737706', '47863826'],
];

function serviceAt(seconds: number, algorithm: TotpAlgorithm = 'sha1', window = 1): TotpService {
  return new TotpService({ now: () => seconds * 1000, digits: 8, algorithm, window });
}

describe('TotpService', () => {
  describe('RFC 6238 appendix B vectors (8 digits)', () => {
    const algorithms: TotpAlgorithm[] = ['sha1', 'sha256', 'sha512'];
    for (const [seconds, ...codes] of vectors) {
      algorithms.forEach((algorithm, index) => {
        const expected = codes[index];
        it(`${algorithm} at ${seconds}s is ${expected}`, () => {
          const service = serviceAt(seconds, algorithm);
          expect(service.codeAt(secrets[algorithm], seconds * 1000)).toBe(expected);
          expect(service.verify(secrets[algorithm], expected)).toEqual({
            valid: true,
            step: Math.floor(seconds / 30),
          });
        });
      });
    }
  });

  it('takes the time from the injected clock', () => {
    let now = 59_000;
    const service = new TotpService({ now: () => now, digits: 8 });
    expect(service.verify(secrets.sha1, '94287082')).toEqual({ valid: true, step: 1 });
    now = 1_111_111_109_000;
    expect(service.verify(secrets.sha1, '94287082')).toEqual({ valid: false });
    expect(service.verify(secrets.sha1, '07081804')).toEqual({ valid: true, step: 37037036 });
  });

  describe('window', () => {
    // 1234567890 s lies in step 41152263; the code of that step is 89005924.
    const step = 41152263;
    const code = '89005924';
    const at = (stepOffset: number) => serviceAt(1234567890 + stepOffset * 30);

    it('accepts the code of the previous and the next step, reporting its absolute step', () => {
      expect(at(1).verify(secrets.sha1, code)).toEqual({ valid: true, step });
      expect(at(-1).verify(secrets.sha1, code)).toEqual({ valid: true, step });
      expect(at(0).verify(secrets.sha1, code)).toEqual({ valid: true, step });
    });

    it('refuses a code two steps away', () => {
      expect(at(2).verify(secrets.sha1, code)).toEqual({ valid: false });
      expect(at(-2).verify(secrets.sha1, code)).toEqual({ valid: false });
    });

    it('reports the step of the neighbouring code it matched', () => {
      const service = at(0);
      const next = service.codeAt(secrets.sha1, (1234567890 + 30) * 1000);
      const previous = service.codeAt(secrets.sha1, (1234567890 - 30) * 1000);
      expect(service.verify(secrets.sha1, next)).toEqual({ valid: true, step: step + 1 });
      expect(service.verify(secrets.sha1, previous)).toEqual({ valid: true, step: step - 1 });
    });

    it('accepts only the current step with window 0', () => {
      expect(serviceAt(1234567890 + 30, 'sha1', 0).verify(secrets.sha1, code)).toEqual({ valid: false });
      expect(serviceAt(1234567890, 'sha1', 0).verify(secrets.sha1, code)).toEqual({ valid: true, step });
    });
  });

  it('refuses codes of the wrong format without throwing', () => {
    const service = serviceAt(59);
    for (const code of [
      '',
      '9428708',
      '942870822',
      '9428708a',
      ' 94287082',
      '94287082 ',
      '9428-7082',
      '９４２８７０８２',
    ]) {
      expect(service.verify(secrets.sha1, code)).toEqual({ valid: false });
    }
    expect(service.verify(secrets.sha1, undefined as unknown as string)).toEqual({ valid: false });
  });

  it('uses 6 digits, 30-second steps and SHA-1 by default', () => {
    const service = new TotpService({ now: () => 59_000 });
    expect(service.codeAt(secrets.sha1, 59_000)).toBe('287082');
    expect(service.verify(secrets.sha1, '287082')).toEqual({ valid: true, step: 1 });
    expect(service.verify(secrets.sha1, '94287082')).toEqual({ valid: false });
  });

  it('generates base32 secrets of 20 random bytes', () => {
    const service = new TotpService();
    const secret = service.generateSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(base32.decode(secret)).toHaveLength(20);
    expect(service.generateSecret()).not.toBe(secret);
    const code = service.codeAt(secret, Date.now());
    expect(service.verify(secret, code)).toMatchObject({ valid: true });
  });

  it('refuses secrets shorter than 16 bytes', () => {
    expect(() => new TotpService().codeAt('JBSWY3DPEHPK3PXP', 0)).toThrow(/16 bytes/);
  });

  it('builds the otpauth URI and its QR code', async () => {
    const service = new TotpService();
    const uri = service.otpauthUri('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', {
      issuer: 'Rail Store',
      label: 'ada@acme.example',
    });
    expect(uri).toBe(
      'otpauth://totp/Rail%20Store:ada%40acme.example?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Rail%20Store',
    );
    const eight = new TotpService({ digits: 8, algorithm: 'sha256', period: 60 });
    expect(eight.otpauthUri('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', { issuer: 'R', label: 'a' })).toContain(
      'algorithm=SHA256&digits=8&period=60',
    );
    const dataUrl = await service.qrCodeDataUrl(uri);
    expect(dataUrl).toMatch(/^data:image\/png;base64,/);
    const png = Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64');
    expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
  });

  it('refuses invalid options', () => {
    expect(() => new TotpService({ digits: 7 as 6 })).toThrow(/digits/);
    expect(() => new TotpService({ period: 0 })).toThrow(/period/);
    expect(() => new TotpService({ window: -1 })).toThrow(/window/);
    expect(() => new TotpService({ window: 1.5 })).toThrow(/window/);
  });
});
