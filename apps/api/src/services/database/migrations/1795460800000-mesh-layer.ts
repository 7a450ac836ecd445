import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The mesh layer of a network (docs/vpn.md, "Mesh layers"): every existing mesh is WireGuard. */
export class MeshLayer1795460800000 implements MigrationInterface {
  name = 'MeshLayer1795460800000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "mesh_networks" ADD "layer" character varying(16) NOT NULL DEFAULT \'wireguard\'');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "mesh_networks" DROP COLUMN "layer"');
  }
}
