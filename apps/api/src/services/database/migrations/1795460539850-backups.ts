import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Backups1795460539850 implements MigrationInterface {
  name = 'Backups1795460539850';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "backup_repositories" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "network_id" uuid NOT NULL, "name" character varying(63) NOT NULL, "kind" character varying(8) NOT NULL, "location_encrypted" text NOT NULL, "display_location" character varying(1024) NOT NULL, "password_encrypted" text NOT NULL, "credentials_encrypted" text, "initialized_at" TIMESTAMP WITH TIME ZONE, "last_check_at" TIMESTAMP WITH TIME ZONE, "last_check_ok" boolean, "last_check_error" text, "polled_at" TIMESTAMP WITH TIME ZONE, "poll_error" text, "poll_error_class" character varying(32), "size_bytes" bigint, "free_bytes" bigint, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_245c2d494c77161cd145cce93a6" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE UNIQUE INDEX "UQ_backup_repositories_network_name" ON "backup_repositories"  ("network_id", "name") ');
    await queryRunner.query(
      'CREATE TABLE "backup_policies" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "network_id" uuid NOT NULL, "repository_id" uuid NOT NULL, "subject_kind" character varying(16) NOT NULL, "subject_name" character varying(63) NOT NULL, "owner_user_id" uuid, "runner" character varying(8) NOT NULL, "enabled" boolean NOT NULL DEFAULT true, "paths" jsonb NOT NULL DEFAULT \'[]\', "excludes" jsonb NOT NULL DEFAULT \'[]\', "include_app_state" boolean NOT NULL DEFAULT true, "pre_hooks" jsonb NOT NULL DEFAULT \'[]\', "post_hooks" jsonb NOT NULL DEFAULT \'[]\', "dump_hooks" jsonb NOT NULL DEFAULT \'[]\', "schedule" character varying(200), "check_schedule" character varying(200), "check_read_data_subset" character varying(16), "keep_last" integer NOT NULL DEFAULT \'0\', "keep_daily" integer NOT NULL DEFAULT \'0\', "keep_weekly" integer NOT NULL DEFAULT \'0\', "keep_monthly" integer NOT NULL DEFAULT \'0\', "late_after_hours" integer NOT NULL, "stale_after_hours" integer NOT NULL, "checkin_token_hash" character varying(64), "last_success_at" TIMESTAMP WITH TIME ZONE, "last_snapshot_id" character varying(64), "last_run_at" TIMESTAMP WITH TIME ZONE, "last_run_status" character varying(16), "last_error_class" character varying(32), "last_error" text, "last_checkin_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_260ee37c86657e1679e3cb73333" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_backup_policies_subject" ON "backup_policies"  ("network_id", "subject_kind", "subject_name") ',
    );
    await queryRunner.query(
      'CREATE TABLE "backup_runs" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "network_id" uuid NOT NULL, "repository_id" uuid NOT NULL, "policy_id" uuid, "kind" character varying(16) NOT NULL, "source" character varying(16) NOT NULL, "task_id" uuid, "status" character varying(16) NOT NULL, "error_class" character varying(32), "error" text, "started_at" TIMESTAMP WITH TIME ZONE NOT NULL, "finished_at" TIMESTAMP WITH TIME ZONE, "duration_ms" integer, "snapshot_id" character varying(64), "summary" jsonb NOT NULL DEFAULT \'{}\', CONSTRAINT "PK_fae0096e47c04baf8723aa492e1" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "IDX_backup_runs_repository_started" ON "backup_runs"  ("repository_id", "started_at") ');
    await queryRunner.query('CREATE INDEX "IDX_backup_runs_policy_started" ON "backup_runs"  ("policy_id", "started_at") ');
    await queryRunner.query(
      'CREATE TABLE "backup_usage_samples" ("id" BIGSERIAL NOT NULL, "repository_id" uuid NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL, "size_bytes" bigint NOT NULL, "free_bytes" bigint, CONSTRAINT "PK_75e218b24122def857d934e5f79" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "IDX_backup_usage_samples_repository_at" ON "backup_usage_samples"  ("repository_id", "at") ');
    await queryRunner.query(
      'ALTER TABLE "backup_repositories" ADD CONSTRAINT "FK_7b14951ca4caad1319a99a4d7ea" FOREIGN KEY ("network_id") REFERENCES "networks"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "backup_policies" ADD CONSTRAINT "FK_7e8be680851e415469a6ddff564" FOREIGN KEY ("network_id") REFERENCES "networks"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "backup_policies" ADD CONSTRAINT "FK_11f8041f6728751ab98704390df" FOREIGN KEY ("repository_id") REFERENCES "backup_repositories"("id") ON DELETE NO ACTION ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "backup_policies" ADD CONSTRAINT "FK_592362101b2a4d3e1f90922587b" FOREIGN KEY ("owner_user_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "backup_runs" ADD CONSTRAINT "FK_880099c550ce2fc2fdddc31ad82" FOREIGN KEY ("network_id") REFERENCES "networks"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "backup_runs" ADD CONSTRAINT "FK_72ddf0c92c69316eb197680db1b" FOREIGN KEY ("repository_id") REFERENCES "backup_repositories"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "backup_runs" ADD CONSTRAINT "FK_2b8e1a1eba303eb9622a57a77ca" FOREIGN KEY ("policy_id") REFERENCES "backup_policies"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "backup_usage_samples" ADD CONSTRAINT "FK_bf2257bff0e1f07f0ef510e2128" FOREIGN KEY ("repository_id") REFERENCES "backup_repositories"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "backup_usage_samples" DROP CONSTRAINT "FK_bf2257bff0e1f07f0ef510e2128"');
    await queryRunner.query('ALTER TABLE "backup_runs" DROP CONSTRAINT "FK_2b8e1a1eba303eb9622a57a77ca"');
    await queryRunner.query('ALTER TABLE "backup_runs" DROP CONSTRAINT "FK_72ddf0c92c69316eb197680db1b"');
    await queryRunner.query('ALTER TABLE "backup_runs" DROP CONSTRAINT "FK_880099c550ce2fc2fdddc31ad82"');
    await queryRunner.query('ALTER TABLE "backup_policies" DROP CONSTRAINT "FK_592362101b2a4d3e1f90922587b"');
    await queryRunner.query('ALTER TABLE "backup_policies" DROP CONSTRAINT "FK_11f8041f6728751ab98704390df"');
    await queryRunner.query('ALTER TABLE "backup_policies" DROP CONSTRAINT "FK_7e8be680851e415469a6ddff564"');
    await queryRunner.query('ALTER TABLE "backup_repositories" DROP CONSTRAINT "FK_7b14951ca4caad1319a99a4d7ea"');
    await queryRunner.query('DROP INDEX "public"."IDX_backup_usage_samples_repository_at"');
    await queryRunner.query('DROP TABLE "backup_usage_samples"');
    await queryRunner.query('DROP INDEX "public"."IDX_backup_runs_policy_started"');
    await queryRunner.query('DROP INDEX "public"."IDX_backup_runs_repository_started"');
    await queryRunner.query('DROP TABLE "backup_runs"');
    await queryRunner.query('DROP INDEX "public"."IDX_backup_policies_subject"');
    await queryRunner.query('DROP TABLE "backup_policies"');
    await queryRunner.query('DROP INDEX "public"."UQ_backup_repositories_network_name"');
    await queryRunner.query('DROP TABLE "backup_repositories"');
  }
}
