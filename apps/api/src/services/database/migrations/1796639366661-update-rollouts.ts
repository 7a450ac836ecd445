import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Updates, preview and rollout (docs/updates.md): update_previews, update_rollouts, a network's maintenance window and automatic updates. */
export class UpdateRollouts1796639366661 implements MigrationInterface {
  name = 'UpdateRollouts1796639366661';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "update_previews" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "network_id" uuid NOT NULL, "status" character varying(16) NOT NULL, "base_revision" character varying(64) NOT NULL, "from_rev" character varying(64) NOT NULL, "to_rev" character varying(64), "from_lock" text NOT NULL, "to_lock" text, "lock_diff" text, "machines" jsonb NOT NULL DEFAULT \'[]\', "task_id" uuid, "error" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "finished_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_5979ed6852a85811979d7e9e5e6" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "IDX_3c459d3301d5cf74ca32cd7599" ON "update_previews"  ("network_id", "created_at") ');
    await queryRunner.query(
      'CREATE TABLE "update_rollouts" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "network_id" uuid NOT NULL, "preview_id" uuid NOT NULL, "status" character varying(16) NOT NULL, "from_rev" character varying(64) NOT NULL, "to_rev" character varying(64) NOT NULL, "base_revision" character varying(64) NOT NULL, "revision" character varying(64), "revert_revision" character varying(64), "canary" character varying(64) NOT NULL, "concurrency" integer NOT NULL, "soak_seconds" integer NOT NULL, "machines" jsonb NOT NULL DEFAULT \'[]\', "halt_reason" text, "trigger" character varying(16) NOT NULL, "user_id" uuid, "task_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "finished_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_60cdd010960f318aec8e2d92096" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "IDX_8038302e8163ac515a3334aeb3" ON "update_rollouts"  ("network_id", "created_at") ');
    await queryRunner.query('ALTER TABLE "networks" ADD "update_window" jsonb');
    await queryRunner.query('ALTER TABLE "networks" ADD "auto_update" boolean NOT NULL DEFAULT false');
    await queryRunner.query(
      'ALTER TABLE "update_previews" ADD CONSTRAINT "FK_21c733792e72b968ce6fef4afb0" FOREIGN KEY ("network_id") REFERENCES "networks"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "update_rollouts" ADD CONSTRAINT "FK_d59b214ffe43e199d42d73b8eb8" FOREIGN KEY ("network_id") REFERENCES "networks"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "update_rollouts" DROP CONSTRAINT "FK_d59b214ffe43e199d42d73b8eb8"');
    await queryRunner.query('ALTER TABLE "update_previews" DROP CONSTRAINT "FK_21c733792e72b968ce6fef4afb0"');
    await queryRunner.query('ALTER TABLE "networks" DROP COLUMN "auto_update"');
    await queryRunner.query('ALTER TABLE "networks" DROP COLUMN "update_window"');
    await queryRunner.query('DROP INDEX "public"."IDX_8038302e8163ac515a3334aeb3"');
    await queryRunner.query('DROP TABLE "update_rollouts"');
    await queryRunner.query('DROP INDEX "public"."IDX_3c459d3301d5cf74ca32cd7599"');
    await queryRunner.query('DROP TABLE "update_previews"');
  }
}
