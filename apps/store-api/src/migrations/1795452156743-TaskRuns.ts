import type { MigrationInterface, QueryRunner } from 'typeorm';

export class TaskRuns1795452156743 implements MigrationInterface {
  name = 'TaskRuns1795452156743';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      "CREATE TYPE \"public\".\"task_run_status_enum\" AS ENUM('PENDING', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED')",
    );
    await queryRunner.query(
      'CREATE TABLE "task_run" ("id" character varying(36) NOT NULL, "name" character varying(100) NOT NULL, "status" "public"."task_run_status_enum" NOT NULL DEFAULT \'PENDING\', "progress" integer NOT NULL DEFAULT \'0\', "payload" jsonb, "result" jsonb, "error" character varying(1000), "attempts" integer NOT NULL DEFAULT \'0\', "max_attempts" integer NOT NULL DEFAULT \'1\', "options" jsonb, "idempotency_key" character varying(300), "created_by" character varying(64), "company_id" character varying(64), "run_at" TIMESTAMP WITH TIME ZONE NOT NULL, "cancel_requested_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "started_at" TIMESTAMP WITH TIME ZONE, "finished_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_36326cc52f4708f36ae4e6158cc" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "uq_task_run_name_idempotency_key" ON "task_run"  ("name", "idempotency_key") ',
    );
    await queryRunner.query('CREATE INDEX "idx_task_run_created_by" ON "task_run"  ("created_by") ');
    await queryRunner.query(
      'CREATE INDEX "idx_task_run_company_id_created_at" ON "task_run"  ("company_id", "created_at") ',
    );
    await queryRunner.query('CREATE INDEX "idx_task_run_status_run_at" ON "task_run"  ("status", "run_at") ');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."idx_task_run_status_run_at"');
    await queryRunner.query('DROP INDEX "public"."idx_task_run_company_id_created_at"');
    await queryRunner.query('DROP INDEX "public"."idx_task_run_created_by"');
    await queryRunner.query('DROP INDEX "public"."uq_task_run_name_idempotency_key"');
    await queryRunner.query('DROP TABLE "task_run"');
    await queryRunner.query('DROP TYPE "public"."task_run_status_enum"');
  }
}
