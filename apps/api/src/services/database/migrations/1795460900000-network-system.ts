import type { MigrationInterface, QueryRunner } from 'typeorm';

/** What a network's machines run (NetworkSystem): every existing network is NixOS. */
export class NetworkSystem1795460900000 implements MigrationInterface {
  name = 'NetworkSystem1795460900000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "networks" ADD "system" character varying(16) NOT NULL DEFAULT \'nixos\'');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "networks" DROP COLUMN "system"');
  }
}
