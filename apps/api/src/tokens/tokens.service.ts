import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Repository } from 'typeorm';
import { invalid, notFound } from '../common/errors/domain-error';
import type { PreparedJson } from '../common/http/prepared-json';
import { ReadModelCache } from '../common/read-model/read-model-cache';
import { ApiTokenEntity } from './api-token.entity';
import { generateApiToken } from './token-format';
import type { ApiTokenDto, ApiTokenListDto, CreatedTokenDto, RevokedTokensDto } from './tokens.dto';

const iso = (d: Date | null) => d?.toISOString() ?? null;

/** The list's columns, in the DTO's order (one plain query: no entity hydration). */
const LIST_SQL = `SELECT id, name, prefix, created_at, expires_at, last_used_at, revoked_at
  FROM api_tokens WHERE user_id = $1 ORDER BY created_at DESC`;

interface TokenRow {
  id: string;
  name: string;
  prefix: string;
  created_at: Date;
  expires_at: Date | null;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

function toDto(t: TokenRow): ApiTokenDto {
  return {
    id: t.id,
    name: t.name,
    prefix: t.prefix,
    createdAt: t.created_at.toISOString(),
    expiresAt: iso(t.expires_at),
    lastUsedAt: iso(t.last_used_at),
    revokedAt: iso(t.revoked_at),
  };
}

/** A user's own API tokens. Verification of presented tokens lives in AccessService. */
@Injectable()
export class TokensService {
  constructor(
    @InjectRepository(ApiTokenEntity) private readonly tokens: Repository<ApiTokenEntity>,
    private readonly readModels: ReadModelCache,
  ) {}

  /** Kept until the next write to api_tokens (a new token, a revocation, a recorded use) or users. */
  list(userId: string): Promise<PreparedJson<ApiTokenListDto>> {
    return this.readModels.json(`tokens:${userId}`, ['api_tokens', 'users'], async () => {
      const rows = await this.tokens.query<TokenRow[]>(LIST_SQL, [userId]);
      return { items: rows.map(toDto), total: rows.length };
    });
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
