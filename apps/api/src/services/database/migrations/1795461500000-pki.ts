import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Names and HTTPS inside the mesh (docs/https.md): each network's CA (key
 * sealed) and each machine's current certificate from it.
 */
export class Pki1795461500000 implements MigrationInterface {
  name = 'Pki1795461500000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "machine_certificates" ("network_id" uuid NOT NULL, "machine" character varying(63) NOT NULL, "certificate_pem" text NOT NULL, "private_key_encrypted" text NOT NULL, "san_key" text NOT NULL, "not_after" TIMESTAMP WITH TIME ZONE NOT NULL, "issued_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_b789b0b3f94994b0651900131b0" PRIMARY KEY ("network_id", "machine"))',
    );
    await queryRunner.query(
      'CREATE TABLE "network_cas" ("network_id" uuid NOT NULL, "certificate_pem" text NOT NULL, "private_key_encrypted" text NOT NULL, "not_after" TIMESTAMP WITH TIME ZONE NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_19a3c9f062af59b47a76fea14d6" PRIMARY KEY ("network_id"))',
    );
    await queryRunner.query(
      'ALTER TABLE "machine_certificates" ADD CONSTRAINT "FK_9662363186748adcc50bbad17b8" FOREIGN KEY ("network_id") REFERENCES "networks"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "network_cas" ADD CONSTRAINT "FK_19a3c9f062af59b47a76fea14d6" FOREIGN KEY ("network_id") REFERENCES "networks"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "network_cas" DROP CONSTRAINT "FK_19a3c9f062af59b47a76fea14d6"');
    await queryRunner.query('ALTER TABLE "machine_certificates" DROP CONSTRAINT "FK_9662363186748adcc50bbad17b8"');
    await queryRunner.query('DROP TABLE "network_cas"');
    await queryRunner.query('DROP TABLE "machine_certificates"');
  }
}
