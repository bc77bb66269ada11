import { MockexError } from '@mockex/domain';

/**
 * The venue settles in USDT or INR (`trade_currency`). The sandbox funds accounts in USDT only, so
 * the INR books are empty: INR reads answer nothing, and whatever needs INR funds is refused the
 * way the venue refuses an empty wallet.
 */
export function noInrFunds(): MockexError {
  return new MockexError('INSUFFICIENT_BALANCE', {}, { field: 'trade_currency' });
}
