/** Reports for view tests: the real engine on authored documents, today pinned. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { check, compilePacks } from '../../../rules/engine';
import { modelFromHtml } from '../../../rules/model';
import type { Report } from '../../../rules/schema';
import { seedPacks } from '../../../rules/seeds';

const DOCS = join(__dirname, '../../../seeds/documents');
const packs = compilePacks(seedPacks, ['common-local']);

/** The model text and the engine's report of seeds/documents/<file>. */
export function reviewed(file: string): { text: string; report: Report } {
  const model = modelFromHtml(readFileSync(join(DOCS, file), 'utf8'));
  return { text: model.text, report: check(model, packs, { today: '2026-11-27' }) };
}
