import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Consoles1795460665432 implements MigrationInterface {
  name = 'Consoles1795460665432';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "console_recordings" ("id" uuid NOT NULL, "kind" character varying(16) NOT NULL, "network_id" uuid, "network_name" character varying(128), "machine" character varying(63), "session_id" uuid NOT NULL, "title" character varying(200) NOT NULL, "started_by" uuid, "started_by_name" character varying(64) NOT NULL, "participants" jsonb NOT NULL DEFAULT \'[]\', "started_at" TIMESTAMP WITH TIME ZONE NOT NULL, "ended_at" TIMESTAMP WITH TIME ZONE, "bytes" bigint NOT NULL DEFAULT \'0\', "width" integer NOT NULL, "height" integer NOT NULL, CONSTRAINT "PK_ae73e9dbf820fefe6d237190a14" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_console_recordings_target" ON "console_recordings"  ("network_id", "machine", "started_at") ',
    );
    await queryRunner.query('CREATE INDEX "IDX_console_recordings_started_at" ON "console_recordings"  ("started_at") ');
    await queryRunner.query(
      'CREATE TABLE "machine_consoles" ("network_id" uuid NOT NULL, "machine" character varying(63) NOT NULL, "display" boolean NOT NULL DEFAULT false, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_b9f7c3cd16e2a62565c2e29b781" PRIMARY KEY ("network_id", "machine"))',
    );
    await queryRunner.query(
      'ALTER TABLE "console_recordings" ADD CONSTRAINT "FK_0967f160732b07180894a366900" FOREIGN KEY ("network_id") REFERENCES "networks"("id") ON DELETE SET NULL ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "console_recordings" ADD CONSTRAINT "FK_2aa0bf1e0d7d4f47095f4be426b" FOREIGN KEY ("started_by") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "machine_consoles" ADD CONSTRAINT "FK_4fe763be1134d68902665d01d6f" FOREIGN KEY ("network_id") REFERENCES "networks"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "machine_consoles" DROP CONSTRAINT "FK_4fe763be1134d68902665d01d6f"');
    await queryRunner.query('ALTER TABLE "console_recordings" DROP CONSTRAINT "FK_2aa0bf1e0d7d4f47095f4be426b"');
    await queryRunner.query('ALTER TABLE "console_recordings" DROP CONSTRAINT "FK_0967f160732b07180894a366900"');
    await queryRunner.query('DROP TABLE "machine_consoles"');
    await queryRunner.query('DROP INDEX "public"."IDX_console_recordings_started_at"');
    await queryRunner.query('DROP INDEX "public"."IDX_console_recordings_target"');
    await queryRunner.query('DROP TABLE "console_recordings"');
  }
}
