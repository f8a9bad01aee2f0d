// Parental ratings: the schema, the tables and the plain checks agree, minimum ages and labels are the
// schemes' own, and a bundle of the functions leaves TypeBox out.
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { build } from 'esbuild';
import { Value } from '@sinclair/typebox/value';
import {
  AGE_RANGE,
  allowedValuesText,
  isRating,
  MPAA_MIN_AGE,
  Rating,
  RATING_SCHEMES,
  ratingLabel,
  ratingMinAge,
  ratingProblem,
  US_TV_MIN_AGE,
} from '../../src/core/rating.js';

const CORE_DIR = fileURLToPath(new URL('../../src/core/', import.meta.url));

describe('core/rating', () => {
  it('gives the minimum age of every named rating', () => {
    const ages = (scheme: 'us-tv' | 'mpaa') =>
      Object.fromEntries((RATING_SCHEMES.find((s) => s.scheme === scheme)?.ratings ?? []).map((r) => [ratingLabel(r), ratingMinAge(r)]));
    expect(ages('us-tv')).to.deep.equal({ 'TV-Y': 0, 'TV-Y7': 7, 'TV-G': 0, 'TV-PG': 10, 'TV-14': 14, 'TV-MA': 17 });
    expect(ages('mpaa')).to.deep.equal({ G: 0, PG: 10, 'PG-13': 13, R: 17, 'NC-17': 18 });
    expect(ratingMinAge({ scheme: 'age', value: 16 })).to.equal(16);
    expect(ratingMinAge({ scheme: 'age', value: 0 })).to.equal(0);
  });

  it('labels a rating by its value, an age with a plus', () => {
    expect(ratingLabel({ scheme: 'us-tv', value: 'TV-14' })).to.equal('TV-14');
    expect(ratingLabel({ scheme: 'mpaa', value: 'PG-13' })).to.equal('PG-13');
    expect(ratingLabel({ scheme: 'age', value: 16 })).to.equal('16+');
  });

  it('lists every scheme with all its values in their usual order, each a valid Rating', () => {
    expect(RATING_SCHEMES.map((s) => s.scheme)).to.deep.equal(['us-tv', 'mpaa', 'age']);
    const values = (scheme: string) => RATING_SCHEMES.find((s) => s.scheme === scheme)?.ratings.map((r) => r.value);
    expect(values('us-tv')).to.deep.equal(['TV-Y', 'TV-Y7', 'TV-G', 'TV-PG', 'TV-14', 'TV-MA']);
    expect(values('mpaa')).to.deep.equal(['G', 'PG', 'PG-13', 'R', 'NC-17']);
    expect(values('age')).to.deep.equal(Array.from({ length: 22 }, (_, i) => i));
    expect(Object.keys(US_TV_MIN_AGE)).to.deep.equal(values('us-tv'));
    expect(Object.keys(MPAA_MIN_AGE)).to.deep.equal(values('mpaa'));
    expect(AGE_RANGE).to.deep.equal({ min: 0, max: 21 });
    for (const { ratings } of RATING_SCHEMES) {
      for (const r of ratings) {
        expect(Value.Check(Rating, r), JSON.stringify(r)).to.equal(true);
        expect(isRating(r), JSON.stringify(r)).to.equal(true);
      }
    }
  });

  // Values the schema refuses, each of them: the plain check must refuse them too (and accept the rest).
  const candidates: unknown[] = [
    { scheme: 'us-tv', value: 'TV-14' },
    { scheme: 'mpaa', value: 'NC-17' },
    { scheme: 'age', value: 21 },
    { scheme: 'age', value: 0 },
    { scheme: 'us-tv', value: 'R' },
    { scheme: 'mpaa', value: 'TV-14' },
    { scheme: 'us-tv', value: 'tv-14' },
    { scheme: 'us-tv', value: 'toString' },
    { scheme: 'mpaa', value: '__proto__' },
    { scheme: 'age', value: 22 },
    { scheme: 'age', value: -1 },
    { scheme: 'age', value: 16.5 },
    { scheme: 'age', value: '16' },
    { scheme: 'us-tv', value: 14 },
    { scheme: 'fsk', value: '16' },
    { scheme: 'us-tv' },
    { value: 'TV-14' },
    { scheme: 'us-tv', value: 'TV-14', extra: 1 },
    { scheme: 'age', value: null },
    null,
    'TV-14',
    14,
    [],
    [{ scheme: 'us-tv', value: 'TV-14' }],
  ];
  for (const value of candidates) {
    it(`the schema and ratingProblem agree on ${JSON.stringify(value)}`, () => {
      const valid = Value.Check(Rating, value);
      const problem = ratingProblem(value);
      expect(problem === null, problem ?? 'no problem').to.equal(valid);
      expect(isRating(value)).to.equal(valid);
    });
  }

  it('names the values a scheme allows when a value is outside it', () => {
    expect(ratingProblem({ scheme: 'us-tv', value: 'R' })).to.equal('us-tv ratings are TV-Y, TV-Y7, TV-G, TV-PG, TV-14 or TV-MA, not "R"');
    expect(ratingProblem({ scheme: 'mpaa', value: 'TV-MA' })).to.equal('mpaa ratings are G, PG, PG-13, R or NC-17, not "TV-MA"');
    expect(ratingProblem({ scheme: 'age', value: 30 })).to.equal('age ratings are whole years from 0 to 21, not 30');
    expect(ratingProblem({ scheme: 'fsk', value: 'x'.repeat(100) })).to.match(/^the rating scheme is us-tv, mpaa or age, not "fsk"$/);
    expect(ratingProblem({ scheme: 'mpaa', value: 'x'.repeat(100) })?.length).to.be.below(120); // a long value is cut short
  });

  it("the schema's description lists the tables' values", () => {
    const description = String(Rating.description);
    for (const scheme of ['us-tv', 'mpaa'] as const) expect(description).to.include(`${scheme} (${allowedValuesText(scheme).replace(' or ', ', ')})`);
    expect(description).to.include(`age (${AGE_RANGE.min}-${AGE_RANGE.max},`);
  });

  it('a bundle of the tables and functions leaves TypeBox out (the TV app ships no schema code)', async function () {
    this.timeout(20_000);
    const entry = "import { RATING_SCHEMES, isRating, ratingLabel, ratingMinAge } from './rating.ts';\nconsole.log(RATING_SCHEMES, isRating, ratingLabel, ratingMinAge);";
    const bundle = async (contents: string) => {
      const out = await build({ stdin: { contents, resolveDir: CORE_DIR, loader: 'ts' }, bundle: true, write: false, format: 'esm', platform: 'browser', logLevel: 'silent' });
      return out.outputFiles[0]?.text ?? '';
    };
    const functionsOnly = await bundle(entry);
    expect(functionsOnly).to.include('TV-MA');
    expect(functionsOnly).to.not.include('@sinclair/typebox');
    // The check can fail: importing the schema brings TypeBox in.
    const withSchema = await bundle("import { Rating } from './rating.ts';\nconsole.log(Rating);");
    expect(withSchema).to.include('@sinclair/typebox');
  });
});
