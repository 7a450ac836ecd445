import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * People (docs/permissions.md): disabled accounts, one-time password-reset
 * links, person invites, and the names audit entries and tasks keep of their
 * actor so they read the same after the account is gone.
 */
export class People1795461000000 implements MigrationInterface {
  name = 'People1795461000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "users" ADD "disabled_at" TIMESTAMP WITH TIME ZONE');
    await queryRunner.query('ALTER TABLE "audit_log" ADD "actor_name" character varying(128)');
    await queryRunner.query('ALTER TABLE "tasks" ADD "user_name" character varying(128)');
    await queryRunner.query(
      'CREATE TABLE "password_resets" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "token_hash" character varying(64) NOT NULL, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_4816377aa98211c1de34469e742" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "IDX_password_resets_user" ON "password_resets"  ("user_id") ');
    await queryRunner.query('CREATE UNIQUE INDEX "UQ_password_resets_token_hash" ON "password_resets"  ("token_hash") ');
    await queryRunner.query(
      'ALTER TABLE "password_resets" ADD CONSTRAINT "FK_f7a4c3bc48f24df007936d217be" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'CREATE TABLE "person_invites" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "network_id" uuid NOT NULL, "token_hash" character varying(64) NOT NULL, "role" character varying(16) NOT NULL, "display_name" character varying(128) NOT NULL DEFAULT \'\', "note" character varying(120) NOT NULL DEFAULT \'\', "enrol_device" boolean NOT NULL DEFAULT false, "created_by" uuid, "created_by_name" character varying(128) NOT NULL DEFAULT \'\', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, "used_by" uuid, "used_by_username" character varying(64), "revoked_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_beb6e90f73f9d43dcea23ea040e" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "IDX_person_invites_network" ON "person_invites"  ("network_id", "created_at") ');
    await queryRunner.query('CREATE UNIQUE INDEX "UQ_person_invites_token_hash" ON "person_invites"  ("token_hash") ');
    await queryRunner.query(
      'ALTER TABLE "person_invites" ADD CONSTRAINT "FK_44322d126f5ecfcc9ce3f055def" FOREIGN KEY ("network_id") REFERENCES "networks"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "person_invites" DROP CONSTRAINT "FK_44322d126f5ecfcc9ce3f055def"');
    await queryRunner.query('DROP INDEX "public"."UQ_person_invites_token_hash"');
    await queryRunner.query('DROP INDEX "public"."IDX_person_invites_network"');
    await queryRunner.query('DROP TABLE "person_invites"');
    await queryRunner.query('ALTER TABLE "password_resets" DROP CONSTRAINT "FK_f7a4c3bc48f24df007936d217be"');
    await queryRunner.query('DROP INDEX "public"."UQ_password_resets_token_hash"');
    await queryRunner.query('DROP INDEX "public"."IDX_password_resets_user"');
    await queryRunner.query('DROP TABLE "password_resets"');
    await queryRunner.query('ALTER TABLE "tasks" DROP COLUMN "user_name"');
    await queryRunner.query('ALTER TABLE "audit_log" DROP COLUMN "actor_name"');
    await queryRunner.query('ALTER TABLE "users" DROP COLUMN "disabled_at"');
  }
}
