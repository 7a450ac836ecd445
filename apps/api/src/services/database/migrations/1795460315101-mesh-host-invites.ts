import type { MigrationInterface, QueryRunner } from 'typeorm';

export class MeshHostInvites1795460315101 implements MigrationInterface {
  name = 'MeshHostInvites1795460315101';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "mesh_invites" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "network_id" uuid NOT NULL, "token_hash" character varying(64) NOT NULL, "device_name" character varying(63), "note" character varying(120) NOT NULL DEFAULT \'\', "relay_only" boolean NOT NULL DEFAULT false, "owner_user_id" uuid, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, "used_by_device" character varying(63), "cancelled_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_17f898b2ea63d9c9ddffc78c975" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE UNIQUE INDEX "UQ_mesh_invites_token_hash" ON "mesh_invites"  ("token_hash") ');
    await queryRunner.query('ALTER TABLE "mesh_networks" ADD "revision" integer NOT NULL DEFAULT \'0\'');
    await queryRunner.query('ALTER TABLE "mesh_networks" ADD "rules" jsonb');
    await queryRunner.query('ALTER TABLE "mesh_peers" ADD "revoked_revision" integer');
    await queryRunner.query('ALTER TABLE "mesh_peers" ADD "synced_revision" integer NOT NULL DEFAULT \'0\'');
    await queryRunner.query('ALTER TABLE "mesh_peers" ADD "synced_at" TIMESTAMP WITH TIME ZONE');
    await queryRunner.query('ALTER TABLE "mesh_peers" ADD "owner_user_id" uuid');
    await queryRunner.query(
      'ALTER TABLE "mesh_invites" ADD CONSTRAINT "FK_4a92279ac6455a1b53aa7ae5d1f" FOREIGN KEY ("network_id") REFERENCES "networks"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "mesh_invites" DROP CONSTRAINT "FK_4a92279ac6455a1b53aa7ae5d1f"');
    await queryRunner.query('ALTER TABLE "mesh_peers" DROP COLUMN "owner_user_id"');
    await queryRunner.query('ALTER TABLE "mesh_peers" DROP COLUMN "synced_at"');
    await queryRunner.query('ALTER TABLE "mesh_peers" DROP COLUMN "synced_revision"');
    await queryRunner.query('ALTER TABLE "mesh_peers" DROP COLUMN "revoked_revision"');
    await queryRunner.query('ALTER TABLE "mesh_networks" DROP COLUMN "rules"');
    await queryRunner.query('ALTER TABLE "mesh_networks" DROP COLUMN "revision"');
    await queryRunner.query('DROP INDEX "public"."UQ_mesh_invites_token_hash"');
    await queryRunner.query('DROP TABLE "mesh_invites"');
  }
}
