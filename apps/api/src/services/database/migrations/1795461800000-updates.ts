import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Updates follow a locked upstream (docs/updates.md): networks.upstream and the last check per network and input. */
export class Updates1795461800000 implements MigrationInterface {
  name = 'Updates1795461800000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "network_updates" ("network_id" uuid NOT NULL, "input" character varying(32) NOT NULL, "current_rev" character varying(64), "current_modified_at" TIMESTAMP WITH TIME ZONE, "latest_rev" character varying(64), "latest_modified_at" TIMESTAMP WITH TIME ZONE, "checked_at" TIMESTAMP WITH TIME ZONE NOT NULL, "error" text, CONSTRAINT "PK_779c06f2f928359c39f7f27b0f1" PRIMARY KEY ("network_id", "input"))',
    );
    await queryRunner.query('ALTER TABLE "networks" ADD "upstream" text');
    await queryRunner.query(
      'ALTER TABLE "network_updates" ADD CONSTRAINT "FK_c4e94da038a67f6e9d3a151e903" FOREIGN KEY ("network_id") REFERENCES "networks"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "network_updates" DROP CONSTRAINT "FK_c4e94da038a67f6e9d3a151e903"');
    await queryRunner.query('ALTER TABLE "networks" DROP COLUMN "upstream"');
    await queryRunner.query('DROP TABLE "network_updates"');
  }
}
