import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, type Repository } from 'typeorm';
import { BackupVerificationEntity } from './backup-verification.entity';

/** The `backup_verifications` rows: written by the verify job only, read by the status model. */
@Injectable()
export class BackupVerifications {
  constructor(@InjectRepository(BackupVerificationEntity) readonly rows: Repository<BackupVerificationEntity>) {}

  record(v: Omit<BackupVerificationEntity, 'id' | 'verifiedAt' | 'network' | 'policy'>): Promise<BackupVerificationEntity> {
    return this.rows.save(this.rows.create(v));
  }

  /** The latest verification of each of `policyIds` that has one. */
  async latest(policyIds: readonly string[]): Promise<Map<string, BackupVerificationEntity>> {
    if (!policyIds.length) return new Map();
    const rows = await this.rows
      .createQueryBuilder('v')
      .distinctOn(['v.policy_id'])
      .where({ policyId: In([...policyIds]) })
      .orderBy('v.policy_id')
      .addOrderBy('v.verified_at', 'DESC')
      .getMany();
    return new Map(rows.map((r) => [r.policyId, r]));
  }

  list(policyId: string, limit: number): Promise<BackupVerificationEntity[]> {
    return this.rows.find({ where: { policyId }, order: { verifiedAt: 'DESC' }, take: limit });
  }
}
