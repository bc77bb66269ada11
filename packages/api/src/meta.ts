import type { ErrorCode } from '@mockex/domain';

/**
 * What every key-API procedure says about itself (`.meta()`), read by the docs' key-API reference
 * generator. One source of truth: the generator imports this type rather than declaring its own.
 */
export interface ProcedureMeta {
  /** One line on what the procedure does. */
  summary?: string;
  description?: string;
  /** Whether the call needs `Authorization: Bearer <token>` (the docs derive it from the builder when unset). */
  auth?: boolean;
  /** Catalogue codes the procedure can answer with, in the order its checks run. */
  errors?: readonly ErrorCode[];
}
