import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Yggdrasil networks: a peer's public key is 64 hex digits (ed25519), WireGuard's 44 characters of base64. */
export class MeshYggdrasilKeys1796727000000 implements MigrationInterface {
  name = 'MeshYggdrasilKeys1796727000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "mesh_peers" ALTER COLUMN "public_key" TYPE character varying(64)');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "mesh_peers" ALTER COLUMN "public_key" TYPE character varying(44)');
  }
}
