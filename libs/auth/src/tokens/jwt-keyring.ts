import { Inject, Injectable } from '@nestjs/common';
import { createPrivateKey, createPublicKey, createSecretKey, type KeyObject } from 'node:crypto';
import { RAIL_AUTH_OPTIONS, type ResolvedAuthOptions } from '../rail-auth.options.js';

export type JwtAlgorithm = 'HS256' | 'RS256' | 'ES256';

/**
 * The keys of the configured algorithm, parsed once at start-up: one signing
 * key, and the verification keys by key id so that keys can rotate.
 */
@Injectable()
export class JwtKeyring {
  readonly algorithm: JwtAlgorithm;
  readonly signingKid: string | undefined;
  readonly signingKey: KeyObject;
  private readonly verification = new Map<string, KeyObject>();

  constructor(@Inject(RAIL_AUTH_OPTIONS) options: ResolvedAuthOptions) {
    const { jwt } = options;
    this.algorithm = jwt.algorithm;
    if (jwt.algorithm === 'HS256') {
      // A key object, made once: given a string, jsonwebtoken would first try to parse it as a PEM key on every call.
      this.signingKey = createSecretKey(Buffer.from(jwt.secret!));
      this.signingKid = undefined;
    } else {
      this.signingKey = createPrivateKey(jwt.signingKey!.privateKey);
      this.signingKid = jwt.signingKey!.kid;
      for (const { kid, publicKey } of jwt.verificationKeys)
        this.verification.set(kid, createPublicKey(publicKey));
    }
  }

  /** The key that verifies a token with this `kid`; undefined for an unknown id (never a file or query lookup). */
  verificationKey(kid: unknown): KeyObject | undefined {
    if (this.algorithm === 'HS256') return kid === undefined ? this.signingKey : undefined;
    return typeof kid === 'string' ? this.verification.get(kid) : undefined;
  }
}
