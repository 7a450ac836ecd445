import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { MoreThanOrEqual, Repository } from 'typeorm';
import { BackupRepositories } from './backup-repositories.service';
import type { BackupRepositoryEntity } from './backup-repository.entity';
import { BackupUsageSampleEntity } from './backup-usage-sample.entity';
import type { RepositoryUsageDto } from './dto/repository.dto';
import { parseStats } from './restic/restic-output';
import { ResticService } from './restic/restic.service';

const MAX_SAMPLES = 2000;

/** Repository size (restic stats) and free space on the target (statfs), kept as a time series. */
@Injectable()
export class BackupUsage {
  constructor(
    @InjectRepository(BackupUsageSampleEntity) private readonly samples: Repository<BackupUsageSampleEntity>,
    private readonly repositories: BackupRepositories,
    private readonly restic: ResticService,
  ) {}

  /** Measures the repository now, stores a sample and the latest figures on the repository. */
  async sample(repo: BackupRepositoryEntity, signal?: AbortSignal): Promise<{ sizeBytes: number; freeBytes: number | null }> {
    const r = await this.restic.ok(
      this.repositories.open(repo),
      ['stats', '--json', '--no-lock', '--mode', 'raw-data'],
      `restic stats of ${repo.name}`,
      {
        signal,
      },
    );
    const { totalSize } = parseStats(r.stdout);
    const freeBytes = await this.repositories.freeBytes(repo);
    const at = new Date();
    await this.samples.insert({
      repositoryId: repo.id,
      at,
      sizeBytes: String(totalSize),
      freeBytes: freeBytes === null ? null : String(freeBytes),
    });
    await this.repositories.rows.update(
      { id: repo.id },
      { sizeBytes: String(totalSize), freeBytes: freeBytes === null ? null : String(freeBytes) },
    );
    return { sizeBytes: totalSize, freeBytes };
  }

  async history(repositoryId: string, since: Date): Promise<RepositoryUsageDto> {
    const rows = await this.samples.find({
      where: { repositoryId, at: MoreThanOrEqual(since) },
      order: { at: 'DESC' },
      take: MAX_SAMPLES,
    });
    return {
      repositoryId,
      samples: rows.reverse().map((s) => ({
        at: s.at.toISOString(),
        sizeBytes: Number(s.sizeBytes),
        freeBytes: s.freeBytes === null ? null : Number(s.freeBytes),
      })),
    };
  }
}
