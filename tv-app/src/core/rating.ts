// Parental ratings, defined once: the schemes, the values each allows and the minimum age each value
// means. Assets and programs carry an optional rating; the server validates and documents it with the
// `Rating` schema and writes it in XMLTV, the TV app reads it with the plain tables and functions here
// (a Settings screen lists `RATING_SCHEMES`, the player compares `ratingMinAge` with a limit).
// Browser-safe. The schema builders are marked pure, so a bundle that imports only the tables and
// functions leaves TypeBox out (tv-app/test/core/rating.test.ts checks it).
import { Type, type Static, type TLiteral, type TUnion } from '@sinclair/typebox';

/** US TV Parental Guidelines, in their usual order. */
const US_TV_VALUES = ['TV-Y', 'TV-Y7', 'TV-G', 'TV-PG', 'TV-14', 'TV-MA'] as const;
/** MPA film ratings, mildest first. */
const MPAA_VALUES = ['G', 'PG', 'PG-13', 'R', 'NC-17'] as const;
type UsTvValue = (typeof US_TV_VALUES)[number];
type MpaaValue = (typeof MPAA_VALUES)[number];

/** The minimum age each US TV rating means (years). */
export const US_TV_MIN_AGE: Readonly<Record<UsTvValue, number>> = { 'TV-Y': 0, 'TV-Y7': 7, 'TV-G': 0, 'TV-PG': 10, 'TV-14': 14, 'TV-MA': 17 };
/** The minimum age each MPA rating means (years). */
export const MPAA_MIN_AGE: Readonly<Record<MpaaValue, number>> = { G: 0, PG: 10, 'PG-13': 13, R: 17, 'NC-17': 18 };
const AGE_MIN = 0; // years
const AGE_MAX = 21; // years
/** The `age` scheme's values: a minimum age in whole years. */
export const AGE_RANGE = { min: AGE_MIN, max: AGE_MAX } as const; // years

type Literals<T extends readonly string[]> = { -readonly [K in keyof T]: TLiteral<T[K]> };

/** A union of string literals, one per value (typed per value: TypeBox types a mapped array's union as never). */
function literals<T extends readonly string[]>(values: T): TUnion<Literals<T>> {
  return Type.Union(values.map((v) => Type.Literal(v))) as unknown as TUnion<Literals<T>>;
}

export const UsTvRating = /* @__PURE__ */ Type.Object(
  { scheme: /* @__PURE__ */ Type.Literal('us-tv'), value: /* @__PURE__ */ literals(US_TV_VALUES) },
  { additionalProperties: false, description: 'US TV Parental Guidelines' },
);
export const MpaaRating = /* @__PURE__ */ Type.Object(
  { scheme: /* @__PURE__ */ Type.Literal('mpaa'), value: /* @__PURE__ */ literals(MPAA_VALUES) },
  { additionalProperties: false, description: 'MPA film rating' },
);
export const AgeRating = /* @__PURE__ */ Type.Object(
  { scheme: /* @__PURE__ */ Type.Literal('age'), value: /* @__PURE__ */ Type.Integer({ minimum: AGE_MIN, maximum: AGE_MAX, description: 'minimum age, years' }) },
  { additionalProperties: false, description: 'A minimum age' },
);

/** A parental rating: a scheme and one of its values. Absent (or null where allowed) means unrated. */
export const Rating = /* @__PURE__ */ Type.Union([UsTvRating, MpaaRating, AgeRating], {
  description: 'parental rating: us-tv (TV-Y, TV-Y7, TV-G, TV-PG, TV-14, TV-MA), mpaa (G, PG, PG-13, R, NC-17) or age (0-21, a minimum age in years)',
});
export type Rating = Static<typeof Rating>;
export type RatingScheme = Rating['scheme'];

/** One scheme as a Settings screen lists it. */
export interface RatingSchemeInfo {
  scheme: RatingScheme;
  /** For people. */
  name: string;
  /** Every rating of the scheme in its usual order (for `age`: each whole year of AGE_RANGE, youngest first). */
  ratings: readonly Rating[];
}

const ageValues = Array.from({ length: AGE_RANGE.max - AGE_RANGE.min + 1 }, (_, i) => AGE_RANGE.min + i);

/** The schemes and their ratings, in a fixed order. */
export const RATING_SCHEMES: readonly RatingSchemeInfo[] = [
  { scheme: 'us-tv', name: 'US TV Parental Guidelines', ratings: US_TV_VALUES.map((value) => ({ scheme: 'us-tv', value })) },
  { scheme: 'mpaa', name: 'MPA film ratings', ratings: MPAA_VALUES.map((value) => ({ scheme: 'mpaa', value })) },
  { scheme: 'age', name: 'Minimum age', ratings: ageValues.map((value) => ({ scheme: 'age', value })) },
];

/** The minimum age a rating means, in years. */
export function ratingMinAge(rating: Rating): number {
  switch (rating.scheme) {
    case 'us-tv':
      return US_TV_MIN_AGE[rating.value];
    case 'mpaa':
      return MPAA_MIN_AGE[rating.value];
    case 'age':
      return rating.value;
  }
}

/** How a rating is shown: its value ('TV-14', 'PG-13'), or the age with a plus ('16+'). */
export function ratingLabel(rating: Rating): string {
  return rating.scheme === 'age' ? `${rating.value}+` : rating.value;
}

const SCHEME_NAMES = RATING_SCHEMES.map((s) => s.scheme);

/** "a, b or c" */
function oneOf(items: readonly (string | number)[]): string {
  return items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

/** A value as a message quotes it: JSON, cut short. */
function quoted(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

/** The values a scheme allows, as a message lists them. */
export function allowedValuesText(scheme: RatingScheme): string {
  if (scheme === 'age') return `whole years from ${AGE_RANGE.min} to ${AGE_RANGE.max}`;
  return oneOf(scheme === 'us-tv' ? US_TV_VALUES : MPAA_VALUES);
}

/**
 * What is wrong with a value meant as a rating, for people (it names the scheme's allowed values);
 * null when it is a valid Rating. Checks exactly what the `Rating` schema checks.
 */
export function ratingProblem(value: unknown): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return `a rating is an object {scheme, value} with scheme ${oneOf(SCHEME_NAMES)}, not ${quoted(value)}`;
  }
  const o = value as Record<string, unknown>;
  const extra = Object.keys(o).find((k) => k !== 'scheme' && k !== 'value');
  if (extra !== undefined) return `a rating has only a scheme and a value, not ${quoted(extra)}`;
  const scheme = o.scheme;
  if (scheme !== 'us-tv' && scheme !== 'mpaa' && scheme !== 'age') return `the rating scheme is ${oneOf(SCHEME_NAMES)}, not ${quoted(scheme)}`;
  const v = o.value;
  const allowed =
    scheme === 'age'
      ? typeof v === 'number' && Number.isInteger(v) && v >= AGE_RANGE.min && v <= AGE_RANGE.max
      : typeof v === 'string' && Object.prototype.hasOwnProperty.call(scheme === 'us-tv' ? US_TV_MIN_AGE : MPAA_MIN_AGE, v);
  return allowed ? null : `${scheme} ratings are ${allowedValuesText(scheme)}, not ${quoted(v)}`;
}

/** True when `value` is a valid Rating (e.g. one read from a broker message). */
export function isRating(value: unknown): value is Rating {
  return ratingProblem(value) === null;
}
