import type { MigrationInterface, QueryRunner } from 'typeorm';

export class VmManager1795449170670 implements MigrationInterface {
  name = 'VmManager1795449170670';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "generations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "network_id" uuid NOT NULL, "machine" character varying(63) NOT NULL, "number" integer NOT NULL, "revision" character varying(40) NOT NULL, "store_path" text NOT NULL, "closure_bytes" bigint, "status" character varying(16) NOT NULL, "task_id" uuid, "built_at" TIMESTAMP WITH TIME ZONE NOT NULL, "booted_at" TIMESTAMP WITH TIME ZONE, "healthy_at" TIMESTAMP WITH TIME ZONE, "rolled_back_at" TIMESTAMP WITH TIME ZONE, "note" text, CONSTRAINT "PK_9d2a52fbde1fba42c24ec42ddd2" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE UNIQUE INDEX "UQ_generations_machine_number" ON "generations"  ("network_id", "machine", "number") ');
    await queryRunner.query('ALTER TABLE "machines" ADD "domain_name" character varying(128)');
    await queryRunner.query('ALTER TABLE "machines" ADD CONSTRAINT "UQ_cbc22b4c95bf8fa60bf4ffbf953" UNIQUE ("domain_name")');
    await queryRunner.query('ALTER TABLE "machines" ADD "current_generation" integer');
    await queryRunner.query('ALTER TABLE "machines" ADD "healthy_generation" integer');
    await queryRunner.query('ALTER TABLE "machines" ADD "vm_state" character varying(16) NOT NULL DEFAULT \'undefined\'');
    await queryRunner.query('ALTER TABLE "machines" ADD "vm_state_at" TIMESTAMP WITH TIME ZONE');
    await queryRunner.query('ALTER TABLE "machines" ADD "booted_at" TIMESTAMP WITH TIME ZONE');
    await queryRunner.query('ALTER TABLE "machines" ADD "health" character varying(16) NOT NULL DEFAULT \'unknown\'');
    await queryRunner.query('ALTER TABLE "machines" ADD "health_at" TIMESTAMP WITH TIME ZONE');
    await queryRunner.query(
      'ALTER TABLE "generations" ADD CONSTRAINT "FK_0b38ce8af9a41681c01f4617638" FOREIGN KEY ("network_id") REFERENCES "networks"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "generations" DROP CONSTRAINT "FK_0b38ce8af9a41681c01f4617638"');
    await queryRunner.query('ALTER TABLE "machines" DROP COLUMN "health_at"');
    await queryRunner.query('ALTER TABLE "machines" DROP COLUMN "health"');
    await queryRunner.query('ALTER TABLE "machines" DROP COLUMN "booted_at"');
    await queryRunner.query('ALTER TABLE "machines" DROP COLUMN "vm_state_at"');
    await queryRunner.query('ALTER TABLE "machines" DROP COLUMN "vm_state"');
    await queryRunner.query('ALTER TABLE "machines" DROP COLUMN "healthy_generation"');
    await queryRunner.query('ALTER TABLE "machines" DROP COLUMN "current_generation"');
    await queryRunner.query('ALTER TABLE "machines" DROP CONSTRAINT "UQ_cbc22b4c95bf8fa60bf4ffbf953"');
    await queryRunner.query('ALTER TABLE "machines" DROP COLUMN "domain_name"');
    await queryRunner.query('DROP INDEX "public"."UQ_generations_machine_number"');
    await queryRunner.query('DROP TABLE "generations"');
  }
}
