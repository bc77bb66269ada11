import { VENUE_TEXTS } from '@mockex/domain';
import { z } from 'zod';
import { decimal, exact, flag, requireRiskPrices, triggerType } from './schemas.ts';

// Request bodies of the position routes that check more than each field: risk orders and partial closes.

/** Body of `POST` (set) and `PATCH` (`edit`: also the ids last read, to detect that they changed) `/riskorder`. */
export const riskBody = (edit: boolean) =>
  z
    .object({
      is_stoploss: flag,
      stoploss_price: decimal('65000').optional(),
      is_takeprofit: flag,
      takeprofit_price: decimal('70000').optional(),
      order_source: z.string().optional(),
      ...(edit
        ? {
            stoploss_order_id: z.string().optional(),
            takeprofit_order_id: z.string().optional(),
            order_price: decimal('67000').optional(),
            trigger_type: triggerType.optional(),
          }
        : {}),
    })
    .superRefine((body, ctx) => {
      requireRiskPrices(body, ctx);
      if (!body.is_stoploss && !body.is_takeprofit)
        ctx.addIssue({
          code: 'custom',
          path: ['is_stoploss'],
          message: VENUE_TEXTS.PARAMS_ERROR.text,
        });
    });

/** Body of `/close/partial`: a LIMIT close needs its `limit_price`. */
export const partialCloseBody = z
  .object({
    order_type: exact(['MARKET', 'LIMIT', 'LONG', 'SHORT'], 'INVALID_ORDER_TYPE'),
    quantity: decimal('0.005', 'PARAMS_ERROR'),
    limit_price: decimal('67500', 'PARAMS_ERROR').optional(),
  })
  .meta({ example: { order_type: 'MARKET', quantity: '0.005' } })
  .superRefine((body, ctx) => {
    if (body.order_type === 'LIMIT' && !body.limit_price)
      ctx.addIssue({ code: 'custom', path: ['limit_price'], message: VENUE_TEXTS.PARAMS_ERROR.text });
  });
