import type { z } from 'zod';
import type { ApiKey, AuditEvent, Me } from '@mockex/keys';
import type { apiKeyOutput, auditEventOutput, meOutput } from './outputs.ts';

/**
 * The wire shapes, taken from the output schemas (one source of truth): the service's objects with
 * dates as ISO-8601 strings (no transformer, so what the typed client's types say is exactly what any
 * HTTP client receives). Fields are copied one by one so nothing the contract does not name leaks out.
 */
export type MeDto = z.output<typeof meOutput>;
export type ApiKeyDto = z.output<typeof apiKeyOutput>;
export type AuditEventDto = z.output<typeof auditEventOutput>;

export function meDto(me: Me): MeDto {
  return {
    id: me.id,
    email: me.email,
    kycStatus: me.kycStatus,
    twoFactorEnabled: me.twoFactorEnabled,
    createdAt: me.createdAt.toISOString(),
  };
}

export function apiKeyDto(key: ApiKey): ApiKeyDto {
  return {
    id: key.id,
    label: key.label,
    keyPrefix: key.keyPrefix,
    permissions: key.permissions,
    ipWhitelist: key.ipWhitelist,
    status: key.status,
    createdAt: key.createdAt.toISOString(),
    expiresAt: key.expiresAt.toISOString(),
    lastUsedAt: key.lastUsedAt?.toISOString() ?? null,
    lastUsedIp: key.lastUsedIp,
  };
}

export function auditEventDto(event: AuditEvent): AuditEventDto {
  return {
    id: event.id,
    type: event.type,
    at: event.at.toISOString(),
    keyId: event.keyId,
    ip: event.ip,
    detail: event.detail,
  };
}
