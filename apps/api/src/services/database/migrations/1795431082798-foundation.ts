import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Foundation1795431082798 implements MigrationInterface {
  name = 'Foundation1795431082798';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "audit_log" ("id" BIGSERIAL NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL, "user_id" uuid, "username" character varying(64), "token_id" uuid, "ip" character varying(64), "action" character varying(128) NOT NULL, "method" character varying(8) NOT NULL, "path" character varying(256) NOT NULL, "target_type" character varying(32), "target_id" character varying(128), "network_id" uuid, "status_code" smallint NOT NULL, "result" character varying(16) NOT NULL, "error_code" character varying(64), "correlation_id" character varying(64) NOT NULL, "details" jsonb NOT NULL, CONSTRAINT "PK_07fefa57f7f5ab8fc3f52b3ed0b" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "IDX_audit_log_network_at" ON "audit_log"  ("network_id", "at") ');
    await queryRunner.query('CREATE INDEX "IDX_audit_log_at" ON "audit_log"  ("at") ');
    await queryRunner.query(
      'CREATE TABLE "sessions" ("sid" character varying(128) NOT NULL, "user_id" uuid, "data" jsonb NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_e2d6172ca19b8ebef797c362b05" PRIMARY KEY ("sid"))',
    );
    await queryRunner.query('CREATE INDEX "IDX_sessions_user" ON "sessions"  ("user_id") ');
    await queryRunner.query('CREATE INDEX "IDX_sessions_expires" ON "sessions"  ("expires_at") ');
    await queryRunner.query(
      'CREATE TABLE "users" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "username" character varying(64) NOT NULL, "display_name" character varying(128) NOT NULL DEFAULT \'\', "password_hash" text NOT NULL, "is_host_admin" boolean NOT NULL DEFAULT false, "totp_secret" text, "totp_pending_secret" text, "recovery_code_hashes" jsonb NOT NULL, "totp_last_step" bigint, "last_login_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE UNIQUE INDEX "UQ_users_username" ON "users"  ("username") ');
    await queryRunner.query(
      'CREATE TABLE "networks" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" character varying(63) NOT NULL, "description" text NOT NULL DEFAULT \'\', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_61b1ee921bf79550d9d4742b9f7" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE UNIQUE INDEX "UQ_networks_name" ON "networks"  ("name") ');
    await queryRunner.query(
      'CREATE TABLE "network_members" ("network_id" uuid NOT NULL, "user_id" uuid NOT NULL, "role" character varying(16) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_ab16a143194014e05e289b3aa3c" PRIMARY KEY ("network_id", "user_id"))',
    );
    await queryRunner.query('CREATE INDEX "IDX_network_members_user" ON "network_members"  ("user_id") ');
    await queryRunner.query(
      'CREATE TABLE "tasks" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "type" character varying(64) NOT NULL, "queue" character varying(32) NOT NULL, "status" character varying(16) NOT NULL, "progress" smallint NOT NULL DEFAULT \'0\', "message" text, "network_id" uuid, "machine" character varying(63), "user_id" uuid, "payload" jsonb NOT NULL, "result" jsonb, "error" text, "cancel_requested" boolean NOT NULL DEFAULT false, "worker_id" character varying(128), "heartbeat_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "started_at" TIMESTAMP WITH TIME ZONE, "finished_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_8d12ff38fcc62aaba2cab748772" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "IDX_tasks_network_created" ON "tasks"  ("network_id", "created_at") ');
    await queryRunner.query('CREATE INDEX "IDX_tasks_status" ON "tasks"  ("status") ');
    await queryRunner.query(
      'CREATE TABLE "task_logs" ("id" BIGSERIAL NOT NULL, "task_id" uuid NOT NULL, "seq" integer NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL, "level" character varying(8) NOT NULL, "text" text NOT NULL, CONSTRAINT "PK_9754457a29b4ffbb772e8a3039c" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE UNIQUE INDEX "UQ_task_logs_task_seq" ON "task_logs"  ("task_id", "seq") ');
    await queryRunner.query(
      'CREATE TABLE "api_tokens" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "name" character varying(100) NOT NULL, "secret_hash" character varying(64) NOT NULL, "prefix" character varying(16) NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE, "last_used_at" TIMESTAMP WITH TIME ZONE, "revoked_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_c587455266b5fa8dace7194caac" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "IDX_api_tokens_user" ON "api_tokens"  ("user_id") ');
    await queryRunner.query('CREATE UNIQUE INDEX "UQ_api_tokens_hash" ON "api_tokens"  ("secret_hash") ');
    await queryRunner.query(
      'ALTER TABLE "network_members" ADD CONSTRAINT "FK_240ed36e942046faaae89f8012c" FOREIGN KEY ("network_id") REFERENCES "networks"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "network_members" ADD CONSTRAINT "FK_7a05c689d31caf963e21306f09a" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "task_logs" ADD CONSTRAINT "FK_fdafd5e130ca3d2a7c12f957c5d" FOREIGN KEY ("task_id") REFERENCES "tasks"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "api_tokens" ADD CONSTRAINT "FK_b74883f5884a42fd8496d389b25" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "api_tokens" DROP CONSTRAINT "FK_b74883f5884a42fd8496d389b25"');
    await queryRunner.query('ALTER TABLE "task_logs" DROP CONSTRAINT "FK_fdafd5e130ca3d2a7c12f957c5d"');
    await queryRunner.query('ALTER TABLE "network_members" DROP CONSTRAINT "FK_7a05c689d31caf963e21306f09a"');
    await queryRunner.query('ALTER TABLE "network_members" DROP CONSTRAINT "FK_240ed36e942046faaae89f8012c"');
    await queryRunner.query('DROP INDEX "public"."UQ_api_tokens_hash"');
    await queryRunner.query('DROP INDEX "public"."IDX_api_tokens_user"');
    await queryRunner.query('DROP TABLE "api_tokens"');
    await queryRunner.query('DROP INDEX "public"."UQ_task_logs_task_seq"');
    await queryRunner.query('DROP TABLE "task_logs"');
    await queryRunner.query('DROP INDEX "public"."IDX_tasks_status"');
    await queryRunner.query('DROP INDEX "public"."IDX_tasks_network_created"');
    await queryRunner.query('DROP TABLE "tasks"');
    await queryRunner.query('DROP INDEX "public"."IDX_network_members_user"');
    await queryRunner.query('DROP TABLE "network_members"');
    await queryRunner.query('DROP INDEX "public"."UQ_networks_name"');
    await queryRunner.query('DROP TABLE "networks"');
    await queryRunner.query('DROP INDEX "public"."UQ_users_username"');
    await queryRunner.query('DROP TABLE "users"');
    await queryRunner.query('DROP INDEX "public"."IDX_sessions_expires"');
    await queryRunner.query('DROP INDEX "public"."IDX_sessions_user"');
    await queryRunner.query('DROP TABLE "sessions"');
    await queryRunner.query('DROP INDEX "public"."IDX_audit_log_at"');
    await queryRunner.query('DROP INDEX "public"."IDX_audit_log_network_at"');
    await queryRunner.query('DROP TABLE "audit_log"');
  }
}
