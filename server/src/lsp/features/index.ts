/**
 * Every editor feature of the language server, in registration order. Issue 3 adds its files here:
 * codeActions.ts, hover.ts, completion.ts, definition.ts, references.ts, rename.ts, documentSymbols.ts
 * (one `LspFeature` each, see ./types.ts). Diagnostics are not a feature: the server core publishes them.
 */
import type { LspFeature } from './types';

export const FEATURES: readonly LspFeature[] = [];

export type { FeatureContext, LspFeature } from './types';
