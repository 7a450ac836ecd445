import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Repository } from 'typeorm';
import { invalid, notFound } from '../common/errors/domain-error';
import { ApiTokenEntity } from './api-token.entity';
import { generateApiToken } from './token-format';
import type { ApiTokenDto, ApiTokenListDto, CreatedTokenDto, RevokedTokensDto } from './tokens.dto';

const iso = (d: Date | null) => d?.toISOString() ?? null;

function toDto(t: ApiTokenEntity): ApiTokenDto {
  return {
    id: t.id,
    name: t.name,
    prefix: t.prefix,
    createdAt: t.createdAt.toISOString(),
    expiresAt: iso(t.expiresAt),
    lastUsedAt: iso(t.lastUsedAt),
    revokedAt: iso(t.revokedAt),
  };
}

/** A user's own API tokens. Verification of presented tokens lives in AccessService. */
@Injectable()
export class TokensService {
  constructor(@InjectRepository(ApiTokenEntity) private readonly tokens: Repository<ApiTokenEntity>) {}

  async list(userId: string): Promise<ApiTokenListDto> {
    const rows = await this.tokens.find({ where: { userId }, order: { createdAt: 'DESC' } });
    return { items: rows.map(toDto), total: rows.length };
  }

  async create(userId: string, name: string, expiresAtIso: string | undefined, now = new Date()): Promise<CreatedTokenDto> {
    let expiresAt: Date | null = null;
    if (expiresAtIso !== undefined) {
      expiresAt = new Date(expiresAtIso);
      if (Number.isNaN(expiresAt.getTime())) throw invalid('expiresAt', 'is not a valid date');
      if (expiresAt.getTime() <= now.getTime()) throw invalid('expiresAt', 'must be in the future');
    }
    const { token, prefix, secretHash } = generateApiToken();
    const row = await this.tokens.save(this.tokens.create({ userId, name, prefix, secretHash, expiresAt }));
    return { id: row.id, name: row.name, prefix: row.prefix, expiresAt: iso(row.expiresAt), token };
  }

  /** Revokes one of the caller's tokens. Other users' tokens are "not found", so ids do not leak. */
  async revoke(userId: string, tokenId: string): Promise<void> {
    const row = await this.tokens.findOne({ where: { id: tokenId, userId }, select: { id: true } });
    if (!row) throw notFound('The API token');
    await this.tokens.update({ id: tokenId, revokedAt: IsNull() }, { revokedAt: new Date() });
  }

  /** Revokes every live token of the caller (API tokens survive a password change; this is how to end them). */
  async revokeAll(userId: string): Promise<RevokedTokensDto> {
    const result = await this.tokens.update({ userId, revokedAt: IsNull() }, { revokedAt: new Date() });
    return { revoked: result.affected ?? 0 };
  }
}
