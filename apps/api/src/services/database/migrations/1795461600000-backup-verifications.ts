import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Verified restores (docs/backups.md, "Verified restores"): one row per throw-away boot of a machine policy's latest snapshot. */
export class BackupVerifications1795461600000 implements MigrationInterface {
  name = 'BackupVerifications1795461600000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "backup_verifications" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "network_id" uuid NOT NULL, "policy_id" uuid NOT NULL, "task_id" uuid, "snapshot_id" character varying(64), "generation" integer, "revision" character varying(64), "ok" boolean NOT NULL, "detail" text NOT NULL, "duration_ms" integer NOT NULL, "verified_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_4416587622a60ad2891ab7848f7" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "IDX_backup_verifications_policy_at" ON "backup_verifications"  ("policy_id", "verified_at") ');
    await queryRunner.query(
      'ALTER TABLE "backup_verifications" ADD CONSTRAINT "FK_8cf01d74f6bec39b99b67f87eec" FOREIGN KEY ("network_id") REFERENCES "networks"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "backup_verifications" ADD CONSTRAINT "FK_2038a127266e591ca740c73e71a" FOREIGN KEY ("policy_id") REFERENCES "backup_policies"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "backup_verifications" DROP CONSTRAINT "FK_2038a127266e591ca740c73e71a"');
    await queryRunner.query('ALTER TABLE "backup_verifications" DROP CONSTRAINT "FK_8cf01d74f6bec39b99b67f87eec"');
    await queryRunner.query('DROP INDEX "public"."IDX_backup_verifications_policy_at"');
    await queryRunner.query('DROP TABLE "backup_verifications"');
  }
}
