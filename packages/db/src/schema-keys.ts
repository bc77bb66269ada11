/** Tables of the key API (accounts, sessions, 2FA, KYC, API keys, audit). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface KeysTables {}
