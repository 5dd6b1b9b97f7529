import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { DateTimeScalar } from '@rail/core';
import { DateScalar } from './date.scalar.js';
import { DecimalScalar } from './decimal.scalar.js';

@InputType({ description: 'Conditions on a text field. Case-insensitive operators start with "i".' })
export class StringFilter {
  @Field(() => String, { nullable: true }) eq?: string;
  @Field(() => String, { nullable: true }) neq?: string;
  @Field(() => [String], { nullable: true }) in?: string[];
  @Field(() => [String], { nullable: true }) notIn?: string[];
  @Field(() => String, { nullable: true }) contains?: string;
  @Field(() => String, { nullable: true }) icontains?: string;
  @Field(() => String, { nullable: true }) startsWith?: string;
  @Field(() => String, { nullable: true }) istartsWith?: string;
  @Field(() => String, { nullable: true }) endsWith?: string;
  @Field(() => String, { nullable: true }) iendsWith?: string;
  @Field(() => Boolean, { nullable: true }) isNull?: boolean;
}

@InputType({ description: 'Conditions on a key.' })
export class IDFilter {
  @Field(() => ID, { nullable: true }) eq?: string;
  @Field(() => ID, { nullable: true }) neq?: string;
  @Field(() => [ID], { nullable: true }) in?: string[];
  @Field(() => [ID], { nullable: true }) notIn?: string[];
  @Field(() => Boolean, { nullable: true }) isNull?: boolean;
}

@InputType({ description: 'Conditions on a true/false field.' })
export class BooleanFilter {
  @Field(() => Boolean, { nullable: true }) eq?: boolean;
  @Field(() => Boolean, { nullable: true }) isNull?: boolean;
}

@InputType({ description: 'A closed range: from ≤ value ≤ to.' })
export class IntRange {
  @Field(() => Int) from!: number;
  @Field(() => Int) to!: number;
}

@InputType({ description: 'Conditions on an integer field.' })
export class IntFilter {
  @Field(() => Int, { nullable: true }) eq?: number;
  @Field(() => Int, { nullable: true }) neq?: number;
  @Field(() => Int, { nullable: true }) gt?: number;
  @Field(() => Int, { nullable: true }) gte?: number;
  @Field(() => Int, { nullable: true }) lt?: number;
  @Field(() => Int, { nullable: true }) lte?: number;
  @Field(() => [Int], { nullable: true }) in?: number[];
  @Field(() => [Int], { nullable: true }) notIn?: number[];
  @Field(() => IntRange, { nullable: true }) between?: IntRange;
  @Field(() => Boolean, { nullable: true }) isNull?: boolean;
}

@InputType({ description: 'A closed range: from ≤ value ≤ to.' })
export class FloatRange {
  @Field(() => Number) from!: number;
  @Field(() => Number) to!: number;
}

@InputType({ description: 'Conditions on a floating-point field.' })
export class FloatFilter {
  @Field(() => Number, { nullable: true }) eq?: number;
  @Field(() => Number, { nullable: true }) neq?: number;
  @Field(() => Number, { nullable: true }) gt?: number;
  @Field(() => Number, { nullable: true }) gte?: number;
  @Field(() => Number, { nullable: true }) lt?: number;
  @Field(() => Number, { nullable: true }) lte?: number;
  @Field(() => [Number], { nullable: true }) in?: number[];
  @Field(() => [Number], { nullable: true }) notIn?: number[];
  @Field(() => FloatRange, { nullable: true }) between?: FloatRange;
  @Field(() => Boolean, { nullable: true }) isNull?: boolean;
}

@InputType({ description: 'A closed range: from ≤ value ≤ to.' })
export class DecimalRange {
  @Field(() => DecimalScalar) from!: string;
  @Field(() => DecimalScalar) to!: string;
}

@InputType({ description: 'Conditions on an exact decimal field.' })
export class DecimalFilter {
  @Field(() => DecimalScalar, { nullable: true }) eq?: string;
  @Field(() => DecimalScalar, { nullable: true }) neq?: string;
  @Field(() => DecimalScalar, { nullable: true }) gt?: string;
  @Field(() => DecimalScalar, { nullable: true }) gte?: string;
  @Field(() => DecimalScalar, { nullable: true }) lt?: string;
  @Field(() => DecimalScalar, { nullable: true }) lte?: string;
  @Field(() => [DecimalScalar], { nullable: true }) in?: string[];
  @Field(() => [DecimalScalar], { nullable: true }) notIn?: string[];
  @Field(() => DecimalRange, { nullable: true }) between?: DecimalRange;
  @Field(() => Boolean, { nullable: true }) isNull?: boolean;
}

@InputType({ description: 'A closed range: from ≤ value ≤ to.' })
export class DateTimeRange {
  @Field(() => DateTimeScalar) from!: Date;
  @Field(() => DateTimeScalar) to!: Date;
}

@InputType({ description: 'Conditions on a timestamp.' })
export class DateTimeFilter {
  @Field(() => DateTimeScalar, { nullable: true }) eq?: Date;
  @Field(() => DateTimeScalar, { nullable: true }) neq?: Date;
  @Field(() => DateTimeScalar, { nullable: true }) gt?: Date;
  @Field(() => DateTimeScalar, { nullable: true }) gte?: Date;
  @Field(() => DateTimeScalar, { nullable: true }) lt?: Date;
  @Field(() => DateTimeScalar, { nullable: true }) lte?: Date;
  @Field(() => [DateTimeScalar], { nullable: true }) in?: Date[];
  @Field(() => [DateTimeScalar], { nullable: true }) notIn?: Date[];
  @Field(() => DateTimeRange, { nullable: true }) between?: DateTimeRange;
  @Field(() => Boolean, { nullable: true }) isNull?: boolean;
}

@InputType({ description: 'A closed range of ISO dates (YYYY-MM-DD).' })
export class DateRange {
  @Field(() => DateScalar) from!: string;
  @Field(() => DateScalar) to!: string;
}

@InputType({ description: 'Conditions on a calendar date (YYYY-MM-DD).' })
export class DateFilter {
  @Field(() => DateScalar, { nullable: true }) eq?: string;
  @Field(() => DateScalar, { nullable: true }) neq?: string;
  @Field(() => DateScalar, { nullable: true }) gt?: string;
  @Field(() => DateScalar, { nullable: true }) gte?: string;
  @Field(() => DateScalar, { nullable: true }) lt?: string;
  @Field(() => DateScalar, { nullable: true }) lte?: string;
  @Field(() => [DateScalar], { nullable: true }) in?: string[];
  @Field(() => [DateScalar], { nullable: true }) notIn?: string[];
  @Field(() => DateRange, { nullable: true }) between?: DateRange;
  @Field(() => Boolean, { nullable: true }) isNull?: boolean;
}

@ObjectType({ description: 'Where a page sits in the whole result.' })
export class PageInfo {
  @Field(() => Int) totalCount!: number;
  @Field(() => Int) pageCount!: number;
  @Field(() => Int) currentPage!: number;
  @Field(() => Int) perPage!: number;
  @Field(() => Boolean) hasNextPage!: boolean;
  @Field(() => Boolean) hasPreviousPage!: boolean;
}

@ObjectType({
  description: 'A problem with one input value; `field` is a dot path such as input.items.1.quantity.',
})
export class FieldError {
  @Field(() => String, { nullable: true }) field!: string | null;
  @Field(() => String) code!: string;
  @Field(() => String) message!: string;
}
