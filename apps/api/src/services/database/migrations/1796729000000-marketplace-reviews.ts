import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Reviews of third-party apps before they are pinned in a network (docs/marketplace.md). */
export class MarketplaceReviews1796729000000 implements MigrationInterface {
  name = 'MarketplaceReviews1796729000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "marketplace_reviews" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "network_id" uuid NOT NULL, "source_id" uuid NOT NULL, "app" character varying(64) NOT NULL, "kind" character varying(16) NOT NULL, "from_rev" character varying(40), "to_rev" character varying(40) NOT NULL, "machine" character varying(63), "assignments" jsonb, "status" character varying(16) NOT NULL, "pin" jsonb NOT NULL, "config_diff" text NOT NULL, "source_diff" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "created_by" character varying(64), "decided_at" TIMESTAMP WITH TIME ZONE, "decided_by" character varying(64), "commit" character varying(40), CONSTRAINT "PK_64c19474434dac0c5b05dfd6592" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "IDX_1bc4a7c676468ecdf8203128d0" ON "marketplace_reviews"  ("network_id", "status") ');
    await queryRunner.query(
      'ALTER TABLE "marketplace_reviews" ADD CONSTRAINT "FK_0f223872bf778eccadcf47979ba" FOREIGN KEY ("network_id") REFERENCES "networks"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "marketplace_reviews" DROP CONSTRAINT "FK_0f223872bf778eccadcf47979ba"');
    await queryRunner.query('DROP INDEX "public"."IDX_1bc4a7c676468ecdf8203128d0"');
    await queryRunner.query('DROP TABLE "marketplace_reviews"');
  }
}
