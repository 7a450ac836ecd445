import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Notifications (docs/notifications.md): subject states, the in-app list, read marks, targets, deliveries. */
export class Notifications1795460700000 implements MigrationInterface {
  name = 'Notifications1795460700000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "notification_targets" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "network_id" uuid, "name" character varying(100) NOT NULL, "type" character varying(16) NOT NULL, "enabled" boolean NOT NULL DEFAULT true, "min_severity" character varying(16) NOT NULL DEFAULT \'warning\', "network_ids" uuid array, "kinds" character varying(64) array, "settings" jsonb NOT NULL, "secrets_encrypted" text, "last_attempt_at" TIMESTAMP WITH TIME ZONE, "last_status" character varying(16), "last_error" text, "last_success_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_b9311bc63b4c17b1dd895b511fb" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "IDX_notification_targets_network" ON "notification_targets"  ("network_id") ');
    await queryRunner.query(
      'CREATE TABLE "notifications" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "kind" character varying(64) NOT NULL, "severity" character varying(16) NOT NULL, "network_id" uuid, "subject" character varying(200) NOT NULL, "state" character varying(64) NOT NULL, "previous_state" character varying(64), "title" character varying(200) NOT NULL, "message" text NOT NULL, "link" character varying(500), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_6a72c3c0f683f6462415e653c3a" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "IDX_notifications_network_created" ON "notifications"  ("network_id", "created_at") ');
    await queryRunner.query('CREATE INDEX "IDX_notifications_created" ON "notifications"  ("created_at") ');
    await queryRunner.query(
      'CREATE TABLE "notification_deliveries" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "notification_id" uuid NOT NULL, "target_id" uuid NOT NULL, "status" character varying(16) NOT NULL DEFAULT \'pending\', "attempts" integer NOT NULL DEFAULT \'0\', "last_error" text, "sent_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_notification_deliveries_notification_target" UNIQUE ("notification_id", "target_id"), CONSTRAINT "PK_81daeff81f237bd384f7cfc4a4c" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "IDX_notification_deliveries_target" ON "notification_deliveries"  ("target_id") ');
    await queryRunner.query('CREATE INDEX "IDX_notification_deliveries_status" ON "notification_deliveries"  ("status", "updated_at") ');
    await queryRunner.query(
      'CREATE TABLE "notification_reads" ("notification_id" uuid NOT NULL, "user_id" uuid NOT NULL, "read_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_5c38c21e1fb176c9f55575cd678" PRIMARY KEY ("notification_id", "user_id"))',
    );
    await queryRunner.query('CREATE INDEX "IDX_notification_reads_user" ON "notification_reads"  ("user_id") ');
    await queryRunner.query(
      'CREATE TABLE "notification_subjects" ("subject" character varying(200) NOT NULL, "state" character varying(64) NOT NULL, "severity" character varying(16) NOT NULL, "kind" character varying(64) NOT NULL, "network_id" uuid, "changed_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_214351cc209dfccda54a0ed18e2" PRIMARY KEY ("subject"))',
    );
    await queryRunner.query(
      'ALTER TABLE "notification_targets" ADD CONSTRAINT "FK_ed1e1fca4603195cf4f42b9e446" FOREIGN KEY ("network_id") REFERENCES "networks"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "notifications" ADD CONSTRAINT "FK_1da1508d5e58c040fbd0085ae8d" FOREIGN KEY ("network_id") REFERENCES "networks"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "notification_deliveries" ADD CONSTRAINT "FK_435486b970fffc3e33a7450ee97" FOREIGN KEY ("notification_id") REFERENCES "notifications"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "notification_deliveries" ADD CONSTRAINT "FK_f3668151754f7441ea592b060cb" FOREIGN KEY ("target_id") REFERENCES "notification_targets"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "notification_reads" ADD CONSTRAINT "FK_30122217fe6ea5e114793efd4d5" FOREIGN KEY ("notification_id") REFERENCES "notifications"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "notification_reads" ADD CONSTRAINT "FK_8a89aac7f3083b0fceadc99c404" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "notification_subjects" ADD CONSTRAINT "FK_346732b7401c59490f8fad5ca3f" FOREIGN KEY ("network_id") REFERENCES "networks"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "notification_subjects" DROP CONSTRAINT "FK_346732b7401c59490f8fad5ca3f"');
    await queryRunner.query('ALTER TABLE "notification_reads" DROP CONSTRAINT "FK_8a89aac7f3083b0fceadc99c404"');
    await queryRunner.query('ALTER TABLE "notification_reads" DROP CONSTRAINT "FK_30122217fe6ea5e114793efd4d5"');
    await queryRunner.query('ALTER TABLE "notification_deliveries" DROP CONSTRAINT "FK_f3668151754f7441ea592b060cb"');
    await queryRunner.query('ALTER TABLE "notification_deliveries" DROP CONSTRAINT "FK_435486b970fffc3e33a7450ee97"');
    await queryRunner.query('ALTER TABLE "notifications" DROP CONSTRAINT "FK_1da1508d5e58c040fbd0085ae8d"');
    await queryRunner.query('ALTER TABLE "notification_targets" DROP CONSTRAINT "FK_ed1e1fca4603195cf4f42b9e446"');
    await queryRunner.query('DROP TABLE "notification_subjects"');
    await queryRunner.query('DROP INDEX "public"."IDX_notification_reads_user"');
    await queryRunner.query('DROP TABLE "notification_reads"');
    await queryRunner.query('DROP INDEX "public"."IDX_notification_deliveries_status"');
    await queryRunner.query('DROP INDEX "public"."IDX_notification_deliveries_target"');
    await queryRunner.query('DROP TABLE "notification_deliveries"');
    await queryRunner.query('DROP INDEX "public"."IDX_notifications_created"');
    await queryRunner.query('DROP INDEX "public"."IDX_notifications_network_created"');
    await queryRunner.query('DROP TABLE "notifications"');
    await queryRunner.query('DROP INDEX "public"."IDX_notification_targets_network"');
    await queryRunner.query('DROP TABLE "notification_targets"');
  }
}
