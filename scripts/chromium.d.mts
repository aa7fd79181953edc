/** Types of scripts/chromium.mjs (a plain ESM script, also run directly by Node). */
export function findChromium(): string | null;
export function ensureChromium(opts?: { log?: (s: string) => void }): string;
export const CHINESE_UI_ENV: { LANGUAGE: string; LANG: string; LC_ALL: string };
export function chromiumArgs(opts?: { extensionDir?: string; headless?: boolean }): string[];
