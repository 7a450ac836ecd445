import type { MigrationInterface, QueryRunner } from 'typeorm';

/** App credentials (docs/apps.md): each app's first admin secret per machine, sealed at rest. */
export class AppCredentials1795461400000 implements MigrationInterface {
  name = 'AppCredentials1795461400000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "app_credentials" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "network_id" uuid NOT NULL, "machine" character varying(63) NOT NULL, "app" character varying(64) NOT NULL, "secret_sealed" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "rotated_at" TIMESTAMP WITH TIME ZONE, "revealed_at" TIMESTAMP WITH TIME ZONE, "reveal_count" integer NOT NULL DEFAULT \'0\', CONSTRAINT "PK_08ee7704a697e4a25d6b710bb19" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE UNIQUE INDEX "UQ_app_credentials_machine_app" ON "app_credentials"  ("network_id", "machine", "app") ');
    await queryRunner.query(
      'ALTER TABLE "app_credentials" ADD CONSTRAINT "FK_6f153ed183fe274f8d71ac53d51" FOREIGN KEY ("network_id") REFERENCES "networks"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "app_credentials" DROP CONSTRAINT "FK_6f153ed183fe274f8d71ac53d51"');
    await queryRunner.query('DROP INDEX "public"."UQ_app_credentials_machine_app"');
    await queryRunner.query('DROP TABLE "app_credentials"');
  }
}
