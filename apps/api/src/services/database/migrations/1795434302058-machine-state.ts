import type { MigrationInterface, QueryRunner } from 'typeorm';

export class MachineState1795434302058 implements MigrationInterface {
  name = 'MachineState1795434302058';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "machines" ("network_id" uuid NOT NULL, "name" character varying(63) NOT NULL, "deployed_revision" character varying(40), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_1b11c649f57e4813e38fd66a6c0" PRIMARY KEY ("network_id", "name"))',
    );
    await queryRunner.query(
      'ALTER TABLE "machines" ADD CONSTRAINT "FK_25dc8dfdc8424d1658173a073aa" FOREIGN KEY ("network_id") REFERENCES "networks"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "machines" DROP CONSTRAINT "FK_25dc8dfdc8424d1658173a073aa"');
    await queryRunner.query('DROP TABLE "machines"');
  }
}
