import type { Kysely, Transaction } from 'kysely';
import { invalidRequest, newId } from '@mockex/domain';
import type { Database } from '@mockex/db';
import type { AuditDetail, AuditEvent, AuditEventType } from './types.ts';
import { AUDIT_PAGE_DEFAULT, AUDIT_PAGE_MAX } from './rules.ts';

/**
 * The audit trail of an account: who signed in from where, every 2FA, KYC and key change. Written in
 * the same transaction as the change it records, listed newest first with an opaque cursor.
 */
type Db = Kysely<Database> | Transaction<Database>;

export interface AuditInput {
  userId: string;
  type: AuditEventType;
  at: Date;
  ip: string | null;
  keyId?: string | null;
  detail?: AuditDetail;
}

export async function recordAudit(db: Db, event: AuditInput): Promise<void> {
  await db
    .insertInto('audit_events')
    .values({
      id: newId('audit', event.at),
      user_id: event.userId,
      type: event.type,
      at: event.at,
      ip: event.ip,
      key_id: event.keyId ?? null,
      detail: JSON.stringify(event.detail ?? {}),
    })
    .execute();
}

export { AUDIT_PAGE_DEFAULT, AUDIT_PAGE_MAX };

// The cursor is the sequence number of the last event returned, wrapped so clients treat it as opaque.
const encodeCursor = (seq: string) => Buffer.from(`a:${seq}`).toString('base64url');

/** The largest sequence number PostgreSQL's bigint holds; a larger one would be a database error. */
const MAX_SEQ = 2n ** 63n - 1n;

function decodeCursor(cursor: string): string {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const match = /^a:(\d{1,19})$/.exec(text);
  if (!match || BigInt(match[1]!) > MAX_SEQ)
    throw invalidRequest('cursor', 'not a cursor returned by audit.list');
  return match[1]!;
}

export async function listAudit(
  db: Db,
  userId: string,
  options: { limit?: number | undefined; cursor?: string | null | undefined },
): Promise<{ events: AuditEvent[]; nextCursor: string | null }> {
  const limit = Math.min(Math.max(Math.trunc(options.limit ?? AUDIT_PAGE_DEFAULT), 1), AUDIT_PAGE_MAX);
  let query = db.selectFrom('audit_events').selectAll().where('user_id', '=', userId);
  if (options.cursor) query = query.where('seq', '<', decodeCursor(options.cursor) as never);
  const rows = await query
    .orderBy('seq', 'desc')
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    events: page.map((r) => ({
      id: r.id,
      type: r.type as AuditEventType,
      at: r.at,
      keyId: r.key_id,
      ip: r.ip,
      detail: r.detail as AuditDetail,
    })),
    nextCursor: rows.length > limit && last ? encodeCursor(last.seq) : null,
  };
}
