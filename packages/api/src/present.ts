import type { ApiKey, AuditEvent, Me } from '@mockex/keys';

/**
 * The wire shapes: the same objects with dates as ISO-8601 strings (no transformer, so what the typed
 * client's types say is exactly what any HTTP client receives).
 */
export type MeDto = Omit<Me, 'createdAt'> & { createdAt: string };
export type ApiKeyDto = Omit<ApiKey, 'createdAt' | 'expiresAt' | 'lastUsedAt'> & {
  createdAt: string;
  expiresAt: string;
  lastUsedAt: string | null;
};
export type AuditEventDto = Omit<AuditEvent, 'at'> & { at: string };

export function meDto(me: Me): MeDto {
  return { id: me.id, email: me.email, kycStatus: me.kycStatus, twoFactorEnabled: me.twoFactorEnabled, createdAt: me.createdAt.toISOString() };
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
  return { id: event.id, type: event.type, at: event.at.toISOString(), keyId: event.keyId, ip: event.ip, detail: event.detail };
}
