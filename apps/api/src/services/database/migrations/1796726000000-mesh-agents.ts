import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The mesh device agent, blocking and groups (docs/mesh-agent.md): columns on mesh_peers. */
export class MeshAgents1796726000000 implements MigrationInterface {
  name = 'MeshAgents1796726000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "mesh_peers" ADD "groups" jsonb NOT NULL DEFAULT \'[]\'');
    await queryRunner.query('ALTER TABLE "mesh_peers" ADD "blocked_at" TIMESTAMP WITH TIME ZONE');
    await queryRunner.query('ALTER TABLE "mesh_peers" ADD "agent_token_hash" character varying(64)');
    await queryRunner.query('ALTER TABLE "mesh_peers" ADD "agent_version" character varying(40)');
    await queryRunner.query('ALTER TABLE "mesh_peers" ADD "agent_seen_at" TIMESTAMP WITH TIME ZONE');
    await queryRunner.query(
      'CREATE UNIQUE INDEX "UQ_mesh_peers_agent_token_hash" ON "mesh_peers" ("agent_token_hash") WHERE "agent_token_hash" IS NOT NULL',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."UQ_mesh_peers_agent_token_hash"');
    await queryRunner.query('ALTER TABLE "mesh_peers" DROP COLUMN "agent_seen_at"');
    await queryRunner.query('ALTER TABLE "mesh_peers" DROP COLUMN "agent_version"');
    await queryRunner.query('ALTER TABLE "mesh_peers" DROP COLUMN "agent_token_hash"');
    await queryRunner.query('ALTER TABLE "mesh_peers" DROP COLUMN "blocked_at"');
    await queryRunner.query('ALTER TABLE "mesh_peers" DROP COLUMN "groups"');
  }
}
