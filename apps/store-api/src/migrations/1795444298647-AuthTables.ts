import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AuthTables1795444298647 implements MigrationInterface {
  name = 'AuthTables1795444298647';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "auth_mfa_challenge" ("id" character varying(36) NOT NULL, "user_id" character varying(64) NOT NULL, "failures" integer NOT NULL DEFAULT \'0\', "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "consumed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_19a01ea9fc86cbbbbc691bcfe04" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "auth_mfa_device" ("id" character varying(36) NOT NULL, "user_id" character varying(64) NOT NULL, "name" character varying(100) NOT NULL, "secret_sealed" character varying(255) NOT NULL, "confirmed_at" TIMESTAMP WITH TIME ZONE, "last_used_step" bigint, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_ecb7c9b8262a59f6d2a5efbde9a" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "idx_auth_mfa_device_user_id" ON "auth_mfa_device"  ("user_id") ');
    await queryRunner.query(
      'CREATE TABLE "auth_recovery_code" ("id" character varying(36) NOT NULL, "user_id" character varying(64) NOT NULL, "code_hash" character varying(64) NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_02b0796444f642c274585b79185" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "idx_auth_recovery_code_user_id" ON "auth_recovery_code"  ("user_id") ',
    );
    await queryRunner.query(
      'CREATE TABLE "auth_refresh_token" ("id" character varying(36) NOT NULL, "session_id" character varying(36) NOT NULL, "token_hash" character varying(64) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_57203170666c2ed599635e17a81" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "idx_auth_refresh_token_session_id" ON "auth_refresh_token"  ("session_id") ',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "uq_auth_refresh_token_hash" ON "auth_refresh_token"  ("token_hash") ',
    );
    await queryRunner.query(
      'CREATE TABLE "auth_session" ("id" character varying(36) NOT NULL, "user_id" character varying(64) NOT NULL, "auth_methods" text NOT NULL, "mfa_enrolment_only" boolean NOT NULL DEFAULT false, "user_agent" character varying(255), "ip" character varying(64), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "last_used_at" TIMESTAMP WITH TIME ZONE NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "absolute_expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "revoked_at" TIMESTAMP WITH TIME ZONE, "revoked_reason" character varying(32), CONSTRAINT "PK_19354ed146424a728c1112a8cbf" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "idx_auth_session_user_id" ON "auth_session"  ("user_id") ');
    await queryRunner.query(
      'CREATE TABLE "auth_throttle" ("key" character varying(300) NOT NULL, "failures" integer NOT NULL DEFAULT \'0\', "window_started_at" TIMESTAMP WITH TIME ZONE NOT NULL, "locked_until" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_4c7fca5065c568fa2bae24a1d26" PRIMARY KEY ("key"))',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE "auth_throttle"');
    await queryRunner.query('DROP INDEX "public"."idx_auth_session_user_id"');
    await queryRunner.query('DROP TABLE "auth_session"');
    await queryRunner.query('DROP INDEX "public"."uq_auth_refresh_token_hash"');
    await queryRunner.query('DROP INDEX "public"."idx_auth_refresh_token_session_id"');
    await queryRunner.query('DROP TABLE "auth_refresh_token"');
    await queryRunner.query('DROP INDEX "public"."idx_auth_recovery_code_user_id"');
    await queryRunner.query('DROP TABLE "auth_recovery_code"');
    await queryRunner.query('DROP INDEX "public"."idx_auth_mfa_device_user_id"');
    await queryRunner.query('DROP TABLE "auth_mfa_device"');
    await queryRunner.query('DROP TABLE "auth_mfa_challenge"');
  }
}
