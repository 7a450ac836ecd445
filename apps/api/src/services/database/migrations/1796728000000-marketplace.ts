import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The marketplace (docs/marketplace.md): sources, the revisions indexed from their mirrors, and their entries. */

export class Marketplace1796728000000 implements MigrationInterface {
  name = 'Marketplace1796728000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "marketplace_sources" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" character varying(64) NOT NULL, "url" text NOT NULL, "ref" character varying(255), "verified" boolean NOT NULL DEFAULT false, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "refreshed_at" TIMESTAMP WITH TIME ZONE, "last_error" text, "revision" character varying(40), "nar_hash" character varying(80), CONSTRAINT "UQ_6e69f19930c0bf507a76d1ae561" UNIQUE ("name"), CONSTRAINT "PK_5e7b9e6b0ef6b93972194048be2" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "marketplace_entries" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "source_id" uuid NOT NULL, "kind" character varying(16) NOT NULL, "key" character varying(64) NOT NULL, "revision" character varying(40) NOT NULL, "nar_hash" character varying(80) NOT NULL, "data" jsonb NOT NULL, CONSTRAINT "PK_5f3a41d0a6870cd15aca91639c8" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE UNIQUE INDEX "IDX_e98708111a91c07689b5d997c3" ON "marketplace_entries"  ("source_id", "kind", "key") ');
    await queryRunner.query(
      'CREATE TABLE "marketplace_revisions" ("source_id" uuid NOT NULL, "revision" character varying(40) NOT NULL, "nar_hash" character varying(80) NOT NULL, "committed_at" TIMESTAMP WITH TIME ZONE NOT NULL, "indexed_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_8dd8ec6456fd8783281d055278d" PRIMARY KEY ("source_id", "revision"))',
    );
    await queryRunner.query(
      'ALTER TABLE "marketplace_entries" ADD CONSTRAINT "FK_b837e665d4b337344b12b8f4776" FOREIGN KEY ("source_id") REFERENCES "marketplace_sources"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "marketplace_revisions" ADD CONSTRAINT "FK_544983489012e7fc2212f9f3780" FOREIGN KEY ("source_id") REFERENCES "marketplace_sources"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "marketplace_revisions" DROP CONSTRAINT "FK_544983489012e7fc2212f9f3780"');
    await queryRunner.query('ALTER TABLE "marketplace_entries" DROP CONSTRAINT "FK_b837e665d4b337344b12b8f4776"');
    await queryRunner.query('DROP TABLE "marketplace_revisions"');
    await queryRunner.query('DROP INDEX "public"."IDX_e98708111a91c07689b5d997c3"');
    await queryRunner.query('DROP TABLE "marketplace_entries"');
    await queryRunner.query('DROP TABLE "marketplace_sources"');
  }
}
