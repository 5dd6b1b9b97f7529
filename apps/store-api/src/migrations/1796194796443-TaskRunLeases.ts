import type { MigrationInterface, QueryRunner } from 'typeorm';

export class TaskRunLeases1796194796443 implements MigrationInterface {
  name = 'TaskRunLeases1796194796443';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "task_run" ADD "lease_owner" character varying(120)');
    await queryRunner.query('ALTER TABLE "task_run" ADD "lease_expires_at" TIMESTAMP WITH TIME ZONE');
    await queryRunner.query('ALTER TABLE "task_run" ADD "heartbeat_at" TIMESTAMP WITH TIME ZONE');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "task_run" DROP COLUMN "heartbeat_at"');
    await queryRunner.query('ALTER TABLE "task_run" DROP COLUMN "lease_expires_at"');
    await queryRunner.query('ALTER TABLE "task_run" DROP COLUMN "lease_owner"');
  }
}
