// Ratings in request bodies. A rating outside its scheme (`{scheme: 'us-tv', value: 'R'}`) is refused
// with 422 SS_INVALID_RATING naming where it was and the values its scheme allows, before schema
// validation, which could only answer a generic 400 ("must match a schema in anyOf"). The routes keep
// the exact `Rating` schema for their documentation; this check (#core/rating's ratingProblem) is as
// strict as it, so a body it lets through fails the schema on something else or not at all.
import type { FastifyRequest } from 'fastify';
import { ratingProblem } from '#core/rating.js';
import { Errors } from '../errors.js';

/** Where a body holds ratings: [where, value] pairs (undefined and null are left to the schema). */
export type RatingsIn = (body: unknown) => Iterable<readonly [string, unknown]>;

/** The `key` field of a value that is a JSON object; undefined otherwise. */
export function fieldOf(value: unknown, key: string): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  return Object.prototype.hasOwnProperty.call(value, key) ? (value as Record<string, unknown>)[key] : undefined;
}

/** The body's own `rating` field. */
export const ratingField: RatingsIn = (body) => [['rating', fieldOf(body, 'rating')]];

/** The body itself is a rating (or null). */
export const wholeBody: RatingsIn = (body) => [['body', body]];

/** A preValidation hook refusing the first rating outside its scheme with SS_INVALID_RATING. */
export function checkRatings(ratingsIn: RatingsIn): (request: FastifyRequest) => Promise<void> {
  return async (request) => {
    for (const [where, value] of ratingsIn(request.body)) {
      if (value === undefined || value === null) continue;
      const problem = ratingProblem(value);
      if (problem !== null) throw new Errors.InvalidRating(where, problem);
    }
  };
}
