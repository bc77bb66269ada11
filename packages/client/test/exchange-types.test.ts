import { describe, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import type { fapiSchemas as s } from '@mockex/exchange';
import type {
  Asset,
  Fee,
  FuturesFunds,
  Leverage,
  MarginChange,
  Order,
  OrderChange,
  PlacedOrder,
  Position,
  PositionAction,
  PositionHistoryEntry,
  ReversedPosition,
  SpotFunds,
  Transaction,
} from '../src/exchange.ts';

// The client's response types are written out for readers (and browsers) but must say exactly what
// the server's response schemas say: these checks fail to compile when either side changes alone.
type Out<T extends z.ZodType> = z.output<T>;

describe('exchange client types match the exchange response schemas', () => {
  it('wallet', () => {
    expectTypeOf<SpotFunds>().toEqualTypeOf<Out<typeof s.spotFundsSchema>>();
    expectTypeOf<FuturesFunds>().toEqualTypeOf<Out<typeof s.futuresFundsSchema>>();
  });
  it('instruments and leverage', () => {
    expectTypeOf<Asset>().toEqualTypeOf<Out<typeof s.instrumentSchema>>();
    expectTypeOf<Leverage>().toEqualTypeOf<Out<typeof s.leverageSchema>>();
  });
  it('orders', () => {
    expectTypeOf<PlacedOrder>().toEqualTypeOf<Out<typeof s.orderCreatedSchema>>();
    expectTypeOf<Order>().toEqualTypeOf<Out<typeof s.orderSchema>>();
    expectTypeOf<OrderChange>().toEqualTypeOf<Out<typeof s.orderChangeSchema>>();
    expectTypeOf<Out<typeof s.orderCancelledSchema>>().toExtend<OrderChange>();
  });
  it('positions and fees', () => {
    expectTypeOf<Position>().toEqualTypeOf<Out<typeof s.positionSchema>>();
    expectTypeOf<PositionHistoryEntry>().toEqualTypeOf<Out<typeof s.positionHistorySchema>>();
    expectTypeOf<PositionAction>().toEqualTypeOf<Out<typeof s.positionActionSchema>>();
    expectTypeOf<ReversedPosition>().toEqualTypeOf<Out<typeof s.reversedPositionSchema>>();
    expectTypeOf<MarginChange>().toEqualTypeOf<Out<typeof s.marginChangeSchema>>();
    expectTypeOf<Fee>().toEqualTypeOf<Out<typeof s.feeSchema>>();
    expectTypeOf<Transaction>().toEqualTypeOf<Out<typeof s.transactionSchema>>();
  });
});
