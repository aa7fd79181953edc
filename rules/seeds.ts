/**
 * The seed rule packs as data, for the extension (seeding storage) and the CLI. The JSON
 * files in seeds/packs/ are the source; this module only imports and types them.
 */
import type { Pack } from './schema';
import { PackSchema } from './schema';
import { seedPatternSources } from './validate';
import fairCompetition from '../seeds/packs/fair-competition.json';
import higherLaw from '../seeds/packs/higher-law.json';
import national from '../seeds/packs/national.json';
import commonLocal from '../seeds/packs/common-local.json';
import lanzhou from '../seeds/packs/lanzhou.json';
import guangzhou from '../seeds/packs/guangzhou.json';
import huizhou from '../seeds/packs/huizhou.json';
import huaihua from '../seeds/packs/huaihua.json';

/**
 * Every seed pack, bases first. Parsed through the envelope schema so defaults
 * (enabled, options, extends) are filled; the full validation is rules/validate.ts.
 */
export const seedPacks: Pack[] = [
  fairCompetition,
  higherLaw,
  national,
  commonLocal,
  lanzhou,
  guangzhou,
  huizhou,
  huaihua,
].map((p) => PackSchema.parse(p));

/** The layer used when nothing else is chosen: common-local over national. */
export const DEFAULT_PACK_ID = 'common-local';

let seedPatterns: ReadonlySet<string> | undefined;

/**
 * Every pattern the seed packs ship (reviewed here and timed on adversarial text by the
 * tests): vetted like any pattern, but not held to the step budget of packs from elsewhere.
 */
export function shippedPatterns(): ReadonlySet<string> {
  return (seedPatterns ??= seedPatternSources(seedPacks));
}
