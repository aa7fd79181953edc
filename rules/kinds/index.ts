/**
 * The registry of rule kinds. A new kind of check is one file in this folder, its test, and
 * one line here.
 */
import type { RuleKind } from './types';
import { patternKind } from './pattern';
import { docNumberKind } from './doc-number';
import { registrationNumberKind } from './registration-number';
import { validityKind } from './validity';
import { effectiveDateKind } from './effective-date';
import { requiredElementKind } from './required-element';
import { consultationKind } from './consultation';
import { publicationKind } from './publication';
import { competitionKind } from './competition';
import { citationKind } from './citation';

// Options and state types differ per kind; the registry erases them (each kind re-checks
// its options with its own zod schema before use).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyKind = RuleKind<any, any>;

export const kinds: Record<string, AnyKind> = {
  [patternKind.name]: patternKind,
  [docNumberKind.name]: docNumberKind,
  [registrationNumberKind.name]: registrationNumberKind,
  [validityKind.name]: validityKind,
  [effectiveDateKind.name]: effectiveDateKind,
  [requiredElementKind.name]: requiredElementKind,
  [consultationKind.name]: consultationKind,
  [publicationKind.name]: publicationKind,
  [competitionKind.name]: competitionKind,
  [citationKind.name]: citationKind,
};

/** The kind registered under `name`, or undefined. */
export function getKind(name: string): AnyKind | undefined {
  return Object.prototype.hasOwnProperty.call(kinds, name) ? kinds[name] : undefined;
}

export type { RuleKind } from './types';
