/**
 * Every editor feature of the language server, in registration order: one `LspFeature` per file (see
 * ./types.ts). Diagnostics are not a feature: the server core publishes them.
 */
import { codeActionsFeature } from './codeActions';
import { codeLensFeature } from './codeLens';
import { completionFeature } from './completion';
import { definitionFeature } from './definition';
import { documentSymbolsFeature } from './documentSymbols';
import { hoverFeature } from './hover';
import { referencesFeature } from './references';
import { renameFeature } from './rename';
import type { LspFeature } from './types';

export const FEATURES: readonly LspFeature[] = [
  codeActionsFeature,
  hoverFeature,
  completionFeature,
  definitionFeature,
  referencesFeature,
  renameFeature,
  documentSymbolsFeature,
  codeLensFeature,
];

export type { FeatureContext, LspFeature } from './types';
