import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Mesh1795456290863 implements MigrationInterface {
  name = 'Mesh1795456290863';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "mesh_networks" ("network_id" uuid NOT NULL, "ipv4_cidr" character varying(18) NOT NULL, "ipv6_prefix" character varying(43) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_mesh_networks_ipv4_cidr" UNIQUE ("ipv4_cidr"), CONSTRAINT "PK_aaae714dcfc05d8d40c35b44458" PRIMARY KEY ("network_id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "mesh_peers" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "network_id" uuid NOT NULL, "name" character varying(63) NOT NULL, "kind" character varying(16) NOT NULL, "index" integer, "public_key" character varying(44) NOT NULL, "private_key_encrypted" text, "endpoint" character varying(262), "behind_nat" boolean NOT NULL DEFAULT false, "relay" boolean NOT NULL DEFAULT false, "relay_only" boolean NOT NULL DEFAULT false, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "revoked_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "UQ_mesh_peers_network_index" UNIQUE ("network_id", "index"), CONSTRAINT "PK_12ddb133bfac83be7c24b46f9da" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "UQ_mesh_peers_network_name_active" ON "mesh_peers"  ("network_id", "name") WHERE "revoked_at" IS NULL',
    );
    await queryRunner.query(
      'ALTER TABLE "mesh_networks" ADD CONSTRAINT "FK_aaae714dcfc05d8d40c35b44458" FOREIGN KEY ("network_id") REFERENCES "networks"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "mesh_peers" ADD CONSTRAINT "FK_b9c90c78db5a5ecdd1b01267a6f" FOREIGN KEY ("network_id") REFERENCES "networks"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "mesh_peers" DROP CONSTRAINT "FK_b9c90c78db5a5ecdd1b01267a6f"');
    await queryRunner.query('ALTER TABLE "mesh_networks" DROP CONSTRAINT "FK_aaae714dcfc05d8d40c35b44458"');
    await queryRunner.query('DROP INDEX "public"."UQ_mesh_peers_network_name_active"');
    await queryRunner.query('DROP TABLE "mesh_peers"');
    await queryRunner.query('DROP TABLE "mesh_networks"');
  }
}
