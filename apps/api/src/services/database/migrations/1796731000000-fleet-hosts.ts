import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The fleet (docs/fleet.md): hosts, their one-time enrolment tokens, each machine's host, and per-host queue names on tasks. */
export class FleetHosts1796731000000 implements MigrationInterface {
  name = 'FleetHosts1796731000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "hosts" ("id" uuid NOT NULL, "name" character varying(63) NOT NULL, "role" character varying(16) NOT NULL, "heartbeat_at" TIMESTAMP WITH TIME ZONE, "worker_id" character varying(128), "facts" jsonb, "draining" boolean NOT NULL DEFAULT false, "known_state" character varying(16) NOT NULL DEFAULT 'online', "secret_hash" character varying(64), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_hosts_name" UNIQUE ("name"), CONSTRAINT "PK_hosts" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_hosts_panel" ON "hosts" ("role") WHERE "role" = 'panel'`);
    await queryRunner.query(
      `CREATE TABLE "host_enrolments" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "token_hash" character varying(64) NOT NULL, "name" character varying(63) NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, "host_id" uuid, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_host_enrolments_token_hash" UNIQUE ("token_hash"), CONSTRAINT "PK_host_enrolments" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query('ALTER TABLE "machines" ADD "host_id" uuid');
    await queryRunner.query('ALTER TABLE "tasks" ALTER COLUMN "queue" TYPE character varying(80)');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "tasks" ALTER COLUMN "queue" TYPE character varying(32)');
    await queryRunner.query('ALTER TABLE "machines" DROP COLUMN "host_id"');
    await queryRunner.query('DROP TABLE "host_enrolments"');
    await queryRunner.query('DROP INDEX "UQ_hosts_panel"');
    await queryRunner.query('DROP TABLE "hosts"');
  }
}
