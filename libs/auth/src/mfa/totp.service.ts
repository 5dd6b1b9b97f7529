import { generateSecret, generateSync, generateURI, verifySync } from 'otplib';
import { toDataURL } from 'qrcode';

export type TotpAlgorithm = 'sha1' | 'sha256' | 'sha512';

export interface TotpOptions {
  /** The clock, in milliseconds since the epoch (default Date.now): tests inject one. */
  now?: () => number;
  /** 6 (default) is what every authenticator app shows; 8 only for apps that honour it. */
  digits?: 6 | 8;
  /** Seconds per time step (default 30). */
  period?: number;
  /** HMAC algorithm (default sha1, the only one Google Authenticator implements). */
  algorithm?: TotpAlgorithm;
  /** Time steps accepted on either side of the current one, for clock drift (default 1). */
  window?: number;
}

/** `step` is the absolute RFC 6238 time step that matched: floor(unix seconds / period). */
export type TotpVerification = { valid: true; step: number } | { valid: false };

export interface TotpUriLabel {
  /** The service shown in the authenticator app, e.g. "Rail Store". */
  issuer: string;
  /** The account, usually the email address. */
  label: string;
}

// 160 bits, RFC 4226's recommended secret length; otplib refuses secrets under 16 bytes.
const SECRET_BYTES = 20;
const MAX_WINDOW = 10;

/**
 * RFC 6238 TOTP on otplib 13. otplib takes the time as an explicit `epoch` (seconds) and
 * raw secrets as bytes, and reports the matched absolute `timeStep`, so no hand-written
 * HMAC is needed: the injected clock is turned into `epoch` on every call. Secrets are
 * base32 strings, as authenticator apps and otpauth URIs carry them.
 *
 * Replay protection is the caller's: store the returned `step` and accept a later code
 * only when its step is greater than the stored one.
 */
export class TotpService {
  private readonly now: () => number;
  private readonly digits: 6 | 8;
  private readonly period: number;
  private readonly algorithm: TotpAlgorithm;
  private readonly window: number;
  private readonly codeFormat: RegExp;

  constructor(options: TotpOptions = {}) {
    this.now = options.now ?? Date.now;
    this.digits = options.digits ?? 6;
    this.period = options.period ?? 30;
    this.algorithm = options.algorithm ?? 'sha1';
    this.window = options.window ?? 1;
    if (this.digits !== 6 && this.digits !== 8) {
      throw new Error(`TotpService: digits must be 6 or 8, got ${String(this.digits)}.`);
    }
    if (!Number.isInteger(this.period) || this.period < 1 || this.period > 3600) {
      throw new Error(
        `TotpService: period must be a whole number of seconds from 1 to 3600, got ${this.period}.`,
      );
    }
    if (!Number.isInteger(this.window) || this.window < 0 || this.window > MAX_WINDOW) {
      throw new Error(
        `TotpService: window must be a whole number of steps from 0 to ${MAX_WINDOW}, got ${this.window}.`,
      );
    }
    this.codeFormat = new RegExp(`^[0-9]{${this.digits}}$`);
  }

  /** A new random secret, base32 without padding (32 characters). */
  generateSecret(): string {
    return generateSecret({ length: SECRET_BYTES });
  }

  /** The otpauth:// URI an authenticator app enrols from (digits, period, algorithm included when not default). */
  otpauthUri(secret: string, { issuer, label }: TotpUriLabel): string {
    return generateURI({
      issuer,
      label,
      secret,
      algorithm: this.algorithm,
      digits: this.digits,
      period: this.period,
    });
  }

  /** A PNG QR code of the URI as a `data:image/png;base64,…` URL, for an <img> during enrolment. */
  qrCodeDataUrl(uri: string): Promise<string> {
    return toDataURL(uri, { type: 'image/png', errorCorrectionLevel: 'M', margin: 2, width: 256 });
  }

  /** The code for the time step containing `timeMs`. Throws for a secret that is not base32 of at least 16 bytes. */
  codeAt(secret: string, timeMs: number): string {
    return generateSync({ ...this.settings(secret), epoch: toEpochSeconds(timeMs) });
  }

  /**
   * Checks a code against the current step and `window` steps either side. A code that
   * is not exactly `digits` ASCII digits is refused without being checked. Throws only
   * for a secret that is not base32 of at least 16 bytes (a stored secret gone bad).
   */
  verify(secret: string, code: string): TotpVerification {
    if (typeof code !== 'string' || !this.codeFormat.test(code)) return { valid: false };
    const result = verifySync({
      ...this.settings(secret),
      token: code,
      epoch: toEpochSeconds(this.now()),
      // otplib's tolerance is in seconds; whole periods make it exactly ±window steps.
      epochTolerance: this.window * this.period,
    });
    // otplib types the result as TOTP's or HOTP's; only TOTP's (the default strategy) has timeStep.
    return result.valid && 'timeStep' in result ? { valid: true, step: result.timeStep } : { valid: false };
  }

  private settings(secret: string) {
    return {
      strategy: 'totp' as const,
      secret,
      digits: this.digits,
      period: this.period,
      algorithm: this.algorithm,
    };
  }
}

function toEpochSeconds(timeMs: number): number {
  return Math.floor(timeMs / 1000);
}
