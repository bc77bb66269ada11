/** Tables of the mock exchange (accounts' exchange state, prices, sandbox state). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ExchangeTables {}
