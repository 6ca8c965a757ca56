/**
 * (issue #16) The credential chain webview's pure parts, for the extension (client/src/commands/chain.ts)
 * and the tests: the page and its CSP, the messages, the layout and the SVG. The browser entry point,
 * main.mts, is bundled apart (dist/webview/chain.js) and imported by nobody.
 */
export { chainCsp, chainHtml } from './html';
export type { ChainHtmlParts } from './html';
export { MAX_EXPORT_CHARS, parseFilter, parseFromWebview, urisOf } from './messages';
export type { FromWebview, ToWebview } from './messages';
