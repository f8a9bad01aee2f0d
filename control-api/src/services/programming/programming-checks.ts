// Checks of a broadcaster's programming and overrides beyond what the schema says, each failure a
// coded error naming the field. Pure but for the lookups passed in. A programming that passes comes
// back with the item lists of the collections it uses, which its version keeps.
import type { Asset } from '../../contracts/lineup.js';
import type { Collection, ProgrammingRules } from '../../contracts/programming.js';
import { duplicateStarts } from './slot-calendar.js';
import { isKnownTimeZone } from './zoned-time.js';

export type ProgrammingErrorCode =
  | 'SS_PROGRAMMING_TIME_ZONE'
  | 'SS_PROGRAMMING_DUPLICATE_SLOT'
  | 'SS_PROGRAMMING_PAD_TO'
  | 'SS_PROGRAMMING_WEIGHTS'
  | 'SS_COLLECTION_NOT_FOUND'
  | 'SS_COLLECTION_EMPTY'
  | 'SS_ASSET_NOT_READY'
  | 'SS_ASSET_UNKNOWN'
  | 'SS_OVERRIDE_RANGE'
  | 'SS_OVERRIDE_SOURCE';

export class ProgrammingInputError extends Error {
  constructor(
    readonly code: ProgrammingErrorCode,
    readonly statusCode: 400 | 404 | 409 | 422,
    /** The field at fault, as a path into the body (`slots[2].collection`). */
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = 'ProgrammingInputError';
  }
}

export interface ProgrammingLookups {
  collection(id: string): Promise<Collection | null>;
  asset(id: string): Promise<Asset | null>;
}

const DAY_MINUTES = 24 * 60;

async function requireReadyAsset(lookups: ProgrammingLookups, id: string, field: string): Promise<void> {
  const asset = await lookups.asset(id);
  if (!asset) throw new ProgrammingInputError('SS_ASSET_UNKNOWN', 422, field, `asset ${id} does not exist`);
  if (asset.status !== 'ready') throw new ProgrammingInputError('SS_ASSET_NOT_READY', 422, field, `asset ${id} is not ready (status: ${asset.status})`);
}

/** The items of a collection that must exist, be non-empty and hold only ready assets. */
async function requireCollection(lookups: ProgrammingLookups, id: string, field: string, known: Map<string, string[]>): Promise<string[]> {
  const seen = known.get(id);
  if (seen) return seen;
  const collection = await lookups.collection(id);
  if (!collection) throw new ProgrammingInputError('SS_COLLECTION_NOT_FOUND', 404, field, `collection ${id} does not exist`);
  if (collection.items.length === 0) throw new ProgrammingInputError('SS_COLLECTION_EMPTY', 422, field, `collection ${id} has no items`);
  for (const assetId of new Set(collection.items)) await requireReadyAsset(lookups, assetId, `${field} (collection ${id})`);
  known.set(id, collection.items);
  return collection.items;
}

/** Checks a programming; returns the item lists of the collections it uses. */
export async function checkProgramming(rules: ProgrammingRules, lookups: ProgrammingLookups): Promise<Record<string, string[]>> {
  if (!isKnownTimeZone(rules.timeZone)) {
    throw new ProgrammingInputError('SS_PROGRAMMING_TIME_ZONE', 422, 'timeZone', `unknown time zone "${rules.timeZone}" (an IANA name such as Europe/Berlin, or UTC)`);
  }
  const duplicate = duplicateStarts(rules.slots)[0];
  if (duplicate) {
    const [day, start, first, second] = duplicate;
    throw new ProgrammingInputError('SS_PROGRAMMING_DUPLICATE_SLOT', 409, `slots[${second}]`, `starts on ${day} at ${start}, like slots[${first}]`);
  }
  if (rules.padTo && DAY_MINUTES % rules.padTo.minutes !== 0) {
    throw new ProgrammingInputError('SS_PROGRAMMING_PAD_TO', 422, 'padTo.minutes', `${rules.padTo.minutes} does not divide a day (1440 minutes)`);
  }
  const known = new Map<string, string[]>();
  for (const [i, slot] of rules.slots.entries()) {
    const items = await requireCollection(lookups, slot.collection, `slots[${i}].collection`, known);
    if (slot.weights) {
      if ((slot.order ?? 'sequential') !== 'random') {
        throw new ProgrammingInputError('SS_PROGRAMMING_WEIGHTS', 422, `slots[${i}].weights`, 'weights apply to random order only');
      }
      for (const assetId of Object.keys(slot.weights)) {
        if (!items.includes(assetId)) throw new ProgrammingInputError('SS_PROGRAMMING_WEIGHTS', 422, `slots[${i}].weights`, `asset ${assetId} is not in collection ${slot.collection}`);
      }
    }
  }
  if (rules.padTo) await requireCollection(lookups, rules.padTo.filler, 'padTo.filler', known);
  if (rules.breaks) await requireCollection(lookups, rules.breaks.filler, 'breaks.filler', known);
  if (rules.fallback) await requireReadyAsset(lookups, rules.fallback, 'fallback');
  return Object.fromEntries(known);
}

/** Checks an override's range and source; returns the items it plays. */
export async function checkOverride(
  input: { startMs: number; endMs: number; collection?: string; items?: string[] },
  lookups: ProgrammingLookups,
): Promise<string[]> {
  if (input.endMs <= input.startMs) throw new ProgrammingInputError('SS_OVERRIDE_RANGE', 422, 'end', 'the override must end after it starts');
  if ((input.collection === undefined) === (input.items === undefined)) {
    throw new ProgrammingInputError('SS_OVERRIDE_SOURCE', 422, 'collection', 'give either a collection or items, not both or neither');
  }
  if (input.collection !== undefined) return requireCollection(lookups, input.collection, 'collection', new Map());
  const items = input.items as string[];
  for (const [i, id] of items.entries()) await requireReadyAsset(lookups, id, `items[${i}]`);
  return items;
}
