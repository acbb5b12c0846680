import { hash, verify, type Algorithm } from '@node-rs/argon2';

// argon2id with OWASP's first recommended setting (19 MiB, 2 passes, 1 lane): ~70 ms on the
// 2-core test machine. @node-rs/argon2 runs it on libuv's thread pool, never on the event loop,
// so twenty people signing in at once do not stall the jobs' live logs.
// (The enum is a const enum, which this build cannot import as a value: 2 is Argon2id.)
const OPTIONS = { algorithm: 2 as Algorithm.Argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** The PHC string (`$argon2id$v=19$m=…`) to store for a new password. */
export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

// Checked against when the user name is unknown (or has no password), so that the answer takes as
// long as a real check and timing does not tell which user names exist.
let decoy: Promise<string> | null = null;

/** True when `password` matches `stored`; with `stored` null it costs a check and answers false. */
export async function passwordMatches(stored: string | null, password: string): Promise<boolean> {
  if (stored === null) {
    decoy ??= hashPassword('decoy password that no one has');
    await verify(await decoy, password).catch(() => false);
    return false;
  }
  try {
    return await verify(stored, password);
  } catch {
    // A malformed stored hash is a refusal, never a way in.
    return false;
  }
}
