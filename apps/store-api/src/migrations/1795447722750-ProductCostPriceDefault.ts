import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ProductCostPriceDefault1795447722750 implements MigrationInterface {
  name = 'ProductCostPriceDefault1795447722750';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "product" ALTER COLUMN "cost_price" SET DEFAULT \'0\'');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "product" ALTER COLUMN "cost_price" DROP DEFAULT');
  }
}
