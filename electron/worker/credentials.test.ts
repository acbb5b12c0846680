import { Secret, TOTP } from 'otpauth';
import { describe, expect, it } from 'vitest';
import { MASK } from '../common/secretMask.js';
import { createJobCredentials } from './credentials.js';

// ctx.credentials as a bot sees it.

const SEED = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

describe('ctx.credentials', () => {
  const { credentials, masker } = createJobCredentials(
    {
      portal: { username: 'acme-dispatch', password: 'demo-pass', secret: null, totpSeed: SEED },
      api: { username: null, password: null, secret: 'sk-test-123456', totpSeed: null },
    },
    'some-bot',
  );

  it('gives each slot its values and a TOTP code equal to what otpauth computes for the seed', () => {
    expect(credentials.portal?.username).toBe('acme-dispatch');
    expect(credentials.portal?.password).toBe('demo-pass');
    expect(credentials.api?.secret).toBe('sk-test-123456');
    expect(credentials.portal?.hasTotp).toBe(true);
    const code = credentials.portal!.totp();
    const expected = new TOTP({ secret: Secret.fromBase32(SEED), algorithm: 'SHA1', digits: 6, period: 30 }).generate();
    expect(code).toBe(expected);
    expect(masker.mask(`code ${code}`)).toBe(`code ${MASK}`);
    expect(Object.keys(credentials)).toEqual(['portal', 'api']);
  });

  it('says plainly what is not there: a slot not declared, a value not in the entry, a seed it has not', () => {
    expect(() => credentials.other).toThrow('The bot some-bot declares no credential slot "other" (it has portal, api)');
    expect(() => credentials.api?.password).toThrow('The credential in slot "api" is a secret and has no password');
    expect(() => credentials.portal?.secret).toThrow('is a login and has no secret');
    expect(() => credentials.api?.totp()).toThrow('has no TOTP seed');
    expect(JSON.stringify(credentials)).not.toContain('demo-pass');
  });
});
