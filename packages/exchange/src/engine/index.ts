export * from './types.ts';
export { execute, settle } from './commands.ts';
export {
  newAccount,
  lockedAmount,
  totalEquity,
  ledgerBalance,
  openPositions,
  archiveFinished,
} from './account.ts';
export { liquidationPrice, maintenanceMargin, unrealisedPnl, defaultLeverage, money } from './rules.ts';
export * from './instruments.ts';
export * from './prices.ts';
