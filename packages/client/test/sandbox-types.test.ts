import { describe, expectTypeOf, it } from 'vitest';
import type { SandboxAccountInput } from '@mockex/exchange';
import type { CreateAccountInput } from '../src/index.ts';

// The request type is written out for callers (with its defaults documented); whatever it allows, the
// server's schema must take: this fails to compile when the two drift apart.
describe('sandbox client types', () => {
  it('createAccount sends what POST /sandbox/v1/accounts accepts', () => {
    expectTypeOf<CreateAccountInput>().toExtend<SandboxAccountInput>();
  });
});
