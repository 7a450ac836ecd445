import type { MigrationInterface, QueryRunner } from 'typeorm';

export class FleetUnlock1796732000000 implements MigrationInterface {
  name = 'FleetUnlock1796732000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "clevis_policies" ("host_id" uuid NOT NULL, "threshold" integer NOT NULL, "tang_host_ids" jsonb NOT NULL DEFAULT \'[]\', "tpm" boolean NOT NULL DEFAULT false, "device" character varying(255), "bound_config" text, "bound_slot" integer, "bound_device" character varying(255), "bound_at" TIMESTAMP WITH TIME ZONE, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_6e682e098aed1c67b019a1454d5" PRIMARY KEY ("host_id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "tang_servers" ("host_id" uuid NOT NULL, "enabled" boolean NOT NULL DEFAULT false, "url" character varying(255), "thumbprints" jsonb NOT NULL DEFAULT \'[]\', "reported_at" TIMESTAMP WITH TIME ZONE, "rotated_at" TIMESTAMP WITH TIME ZONE, "sealing_key" character varying(64), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_d195a3075fd491ae23cbfa56c8e" PRIMARY KEY ("host_id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "unlock_secrets" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "host_id" uuid NOT NULL, "sealed" text NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_4ad081659dbc9d52ae059cad41e" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'ALTER TABLE "clevis_policies" ADD CONSTRAINT "FK_6e682e098aed1c67b019a1454d5" FOREIGN KEY ("host_id") REFERENCES "hosts"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "tang_servers" ADD CONSTRAINT "FK_d195a3075fd491ae23cbfa56c8e" FOREIGN KEY ("host_id") REFERENCES "hosts"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "unlock_secrets" ADD CONSTRAINT "FK_1c4de5fef6fb31c4f675101eba6" FOREIGN KEY ("host_id") REFERENCES "hosts"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "unlock_secrets" DROP CONSTRAINT "FK_1c4de5fef6fb31c4f675101eba6"');
    await queryRunner.query('ALTER TABLE "tang_servers" DROP CONSTRAINT "FK_d195a3075fd491ae23cbfa56c8e"');
    await queryRunner.query('ALTER TABLE "clevis_policies" DROP CONSTRAINT "FK_6e682e098aed1c67b019a1454d5"');
    await queryRunner.query('DROP TABLE "unlock_secrets"');
    await queryRunner.query('DROP TABLE "tang_servers"');
    await queryRunner.query('DROP TABLE "clevis_policies"');
  }
}
