import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Metrics1795450368610 implements MigrationInterface {
  name = 'Metrics1795450368610';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "metric_series" ("id" SERIAL NOT NULL, "scope" character varying(8) NOT NULL, "network_id" uuid, "machine" character varying(63), CONSTRAINT "PK_aeaccb4123ae9612ca49d4f4967" PRIMARY KEY ("id"))',
    );
    // Written by hand (TypeORM cannot express it; the entity marks it synchronize: false): the host series has
    // neither network nor machine, and plain unique constraints treat NULLs as distinct.
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_metric_series_key" ON "metric_series" ("scope", COALESCE("network_id", '00000000-0000-0000-0000-000000000000'::uuid), COALESCE("machine", ''))`,
    );
    await queryRunner.query('CREATE INDEX "IDX_metric_series_network" ON "metric_series"  ("network_id", "machine") ');
    await queryRunner.query(
      'CREATE TABLE "metric_rollups" ("series_id" integer NOT NULL, "resolution" integer NOT NULL, "bucket" TIMESTAMP WITH TIME ZONE NOT NULL, "samples" integer NOT NULL, "cpu_percent_avg" double precision, "cpu_percent_max" double precision, "vcpus_avg" double precision, "vcpus_max" double precision, "memory_used_bytes_avg" double precision, "memory_used_bytes_max" double precision, "memory_total_bytes_avg" double precision, "memory_total_bytes_max" double precision, "disk_read_bps_avg" double precision, "disk_read_bps_max" double precision, "disk_write_bps_avg" double precision, "disk_write_bps_max" double precision, "net_rx_bps_avg" double precision, "net_rx_bps_max" double precision, "net_tx_bps_avg" double precision, "net_tx_bps_max" double precision, "load1_avg" double precision, "load1_max" double precision, CONSTRAINT "PK_3c466a0c4502120276e7c9589c0" PRIMARY KEY ("series_id", "resolution", "bucket"))',
    );
    await queryRunner.query('CREATE INDEX "IDX_metric_rollups_resolution_bucket" ON "metric_rollups"  ("resolution", "bucket") ');
    await queryRunner.query(
      'CREATE TABLE "metric_samples" ("series_id" integer NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL, "cpu_percent" double precision, "vcpus" double precision, "memory_used_bytes" double precision, "memory_total_bytes" double precision, "disk_read_bps" double precision, "disk_write_bps" double precision, "net_rx_bps" double precision, "net_tx_bps" double precision, "load1" double precision, CONSTRAINT "PK_22771caa01f5bd88933eb5fd3f5" PRIMARY KEY ("series_id", "at"))',
    );
    await queryRunner.query('CREATE INDEX "IDX_metric_samples_at" ON "metric_samples"  ("at") ');
    await queryRunner.query(
      'ALTER TABLE "metric_series" ADD CONSTRAINT "FK_6aae72d66697ebd2e82cdf26c33" FOREIGN KEY ("network_id") REFERENCES "networks"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "metric_rollups" ADD CONSTRAINT "FK_83ed72cf1a5c8ce5053bce62e0b" FOREIGN KEY ("series_id") REFERENCES "metric_series"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "metric_samples" ADD CONSTRAINT "FK_9dcf17cb554999b61a0e8e21156" FOREIGN KEY ("series_id") REFERENCES "metric_series"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "metric_samples" DROP CONSTRAINT "FK_9dcf17cb554999b61a0e8e21156"');
    await queryRunner.query('ALTER TABLE "metric_rollups" DROP CONSTRAINT "FK_83ed72cf1a5c8ce5053bce62e0b"');
    await queryRunner.query('ALTER TABLE "metric_series" DROP CONSTRAINT "FK_6aae72d66697ebd2e82cdf26c33"');
    await queryRunner.query('DROP INDEX "public"."IDX_metric_samples_at"');
    await queryRunner.query('DROP TABLE "metric_samples"');
    await queryRunner.query('DROP INDEX "public"."IDX_metric_rollups_resolution_bucket"');
    await queryRunner.query('DROP TABLE "metric_rollups"');
    await queryRunner.query('DROP INDEX "public"."IDX_metric_series_network"');
    await queryRunner.query('DROP INDEX "public"."UQ_metric_series_key"');
    await queryRunner.query('DROP TABLE "metric_series"');
  }
}
