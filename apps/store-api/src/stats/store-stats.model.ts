import { Field, Int, ObjectType } from '@nestjs/graphql';

@ObjectType({ description: "How many rows of each kind the caller's company holds." })
export class StoreStats {
  @Field(() => Int)
  products!: number;

  @Field(() => Int)
  customers!: number;

  @Field(() => Int)
  orders!: number;
}
