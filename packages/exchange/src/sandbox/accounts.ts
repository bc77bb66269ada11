/**
 * `POST /sandbox/v1/accounts`: a ready trader in one call (signed up, KYC verified, 2FA on, funded, a
 * key issued), for a bot's test-suite that needs a fresh account per test. The server backs it with the
 * key service; the in-process (MSW) mode with its in-memory keys. Both answer the same shape.
 */
import { isIP } from 'node:net';
import { z } from 'zod';
import { KEY_STATUSES, parseDecimal, PERMISSIONS } from '@mockex/domain';
import { decimalText } from '../routes/schemas.ts';
import type { ExchangeCore } from '../runtime.ts';
import type { SandboxRoute } from './control-plane.ts';

/** What a trading bot wants: read and trade (WITHDRAW needs a whitelist and never rides with TRADE). */
export const SANDBOX_ACCOUNT_PERMISSIONS = ['READ_ONLY', 'TRADE'] as const;
/**
 * USDT in the futures wallet when `funds.futures` is not given: enough for a bot to open positions at
 * once (the venue opens every account with an empty futures wallet).
 */
export const DEFAULT_SANDBOX_FUTURES_FUNDS = '10000';

const nonNegativeDecimal = decimalText((d) => d.gte(0), 'must be a decimal number of 0 or more', '10000');

/** An address or a CIDR range (the key service checks the same rules again before it stores them). */
function isIpRule(entry: string): boolean {
  const [address = '', bits, extra] = entry.trim().split('/');
  const family = isIP(address);
  if (!family || extra !== undefined) return false;
  if (bits === undefined) return true;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (family === 6 ? 128 : 32);
}

export const sandboxAccountInputSchema = z
  .object({
    email: z
      .string({ error: 'must be a string' })
      .trim()
      .toLowerCase()
      .pipe(z.email('must be an email address'))
      .optional()
      .meta({ example: 'bot@example.com' }),
    permissions: z
      .array(z.enum(PERMISSIONS, { error: `must each be one of ${PERMISSIONS.join(', ')}` }))
      .min(1, 'must name at least one permission')
      .optional()
      .meta({ example: [...SANDBOX_ACCOUNT_PERMISSIONS] }),
    ipWhitelist: z
      .array(
        z
          .string({ error: 'must be a string' })
          .refine(isIpRule, 'must be an IPv4 or IPv6 address or CIDR range'),
      )
      .optional(),
    funds: z
      .object({ spot: nonNegativeDecimal.optional(), futures: nonNegativeDecimal.optional() })
      .strict()
      .optional(),
  })
  .strict();

export type SandboxAccountInput = z.input<typeof sandboxAccountInputSchema>;
export type SandboxAccountRequest = z.output<typeof sandboxAccountInputSchema>;

/** The key as the key API shows it to its owner, times as ISO strings. */
export const sandboxAccountKeySchema = z.object({
  id: z.string().meta({ example: 'key_01JD0000000000000000000000' }),
  label: z.string(),
  keyPrefix: z.string(),
  permissions: z.array(z.enum(PERMISSIONS)),
  ipWhitelist: z.array(z.string()),
  status: z.enum(KEY_STATUSES),
  createdAt: z.string(),
  expiresAt: z.string(),
  lastUsedAt: z.string().nullable(),
  lastUsedIp: z.string().nullable(),
});

export const sandboxAccountSchema = z.object({
  email: z.string(),
  /** Generated, shown once: signs in to the key API and the web app (with a code from totpSecret). */
  password: z.string(),
  /** Base32 TOTP secret of the account's 2FA, for an authenticator app or a test's code generator. */
  totpSecret: z.string(),
  key: sandboxAccountKeySchema,
  /** The API secret, shown once. */
  secret: z.string(),
});

export type SandboxAccountKey = z.output<typeof sandboxAccountKeySchema>;
export type SandboxAccountResult = z.output<typeof sandboxAccountSchema>;

type Time = Date | string;

/** A key with Date or string times, as the wire shows it. */
export function keyOnTheWire(
  key: Omit<SandboxAccountKey, 'createdAt' | 'expiresAt' | 'lastUsedAt'> & {
    createdAt: Time;
    expiresAt: Time;
    lastUsedAt: Time | null;
  },
): SandboxAccountKey {
  const iso = (d: Time) => (typeof d === 'string' ? d : d.toISOString());
  return {
    ...key,
    createdAt: iso(key.createdAt),
    expiresAt: iso(key.expiresAt),
    lastUsedAt: key.lastUsedAt === null ? null : iso(key.lastUsedAt),
  };
}

/**
 * What to credit to each wallet of the new account on top of what the venue opens it with:
 * `futures` defaults to DEFAULT_SANDBOX_FUTURES_FUNDS, `spot` to nothing extra. Zero credits are left out.
 */
export function sandboxCredits(
  funds: SandboxAccountRequest['funds'],
): Array<{ wallet: 'SPOT' | 'FUTURES'; amount: string }> {
  const credits = [
    { wallet: 'FUTURES' as const, amount: funds?.futures ?? DEFAULT_SANDBOX_FUTURES_FUNDS },
    { wallet: 'SPOT' as const, amount: funds?.spot ?? '0' },
  ];
  return credits.filter((c) => parseDecimal(c.amount)?.gt(0));
}

/**
 * What makes the account and its key (without funds): the key service on the server, the in-memory
 * keys in MSW mode. Input is already checked here; EMAIL_TAKEN when the email is in use.
 */
export interface SandboxAccountMaker {
  createSandboxAccount(
    input: Omit<SandboxAccountRequest, 'funds'>,
    info: { ip: string | null },
  ): Promise<{
    user: { id: string; email: string };
    password: string;
    totpSecret: string;
    key: Parameters<typeof keyOnTheWire>[0];
    secret: string;
  }>;
}

/** The account and key from `maker`, then the funds into its exchange account: the whole one-call trader. */
export async function openSandboxAccount(
  maker: SandboxAccountMaker,
  core: Pick<ExchangeCore, 'credit'>,
  { funds, ...account }: SandboxAccountRequest,
): Promise<SandboxAccountResult> {
  const made = await maker.createSandboxAccount(account, { ip: null });
  // The input was checked in full before the account was made, so these credits cannot be refused.
  for (const { wallet, amount } of sandboxCredits(funds)) await core.credit(made.user.id, wallet, amount);
  const { password, totpSecret, secret } = made;
  return { email: made.user.email, password, totpSecret, key: keyOnTheWire(made.key), secret };
}

/** `POST /sandbox/v1/accounts`: the one-call trader, through the backend (key service or in-memory keys). */
export const ACCOUNT_ROUTE: SandboxRoute<SandboxAccountRequest> = {
  method: 'POST',
  path: '/accounts',
  operationId: 'createAccount',
  summary: 'Create a ready trader: signed up, KYC verified, 2FA on, funded, a key issued',
  body: sandboxAccountInputSchema,
  response: sandboxAccountSchema,
  example: {
    email: 'trader-3f9a1c2b7d4e@mockex.test',
    password: 'q3Jx0cV9mB2nL8tR5wY1zA7d',
    totpSecret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
    key: {
      id: 'key_01JD0000000000000000000000',
      label: 'sandbox',
      keyPrefix: 'mx_4bT9qZ1c',
      permissions: ['READ_ONLY', 'TRADE'],
      ipWhitelist: [],
      status: 'active',
      createdAt: '2026-01-01T00:00:00.000Z',
      expiresAt: '2026-04-01T00:00:00.000Z',
      lastUsedAt: null,
      lastUsedIp: null,
    },
    secret: 'mx_4bT9qZ1cR8vN2mK7xW3pL6sD0fG5hJ9aQeUyTiO',
  },
  successStatus: 201,
  errors: ['EMAIL_TAKEN', 'PERMISSION_POLICY'],
  handle: ({ body }, plane) => plane.backend.createAccount(body),
};
