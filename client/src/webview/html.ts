/**
 * (issue #16) The credential chain webview's page. Pure (the extension passes in its URIs and nonce),
 * so a unit test pins the Content Security Policy.
 *
 * CSP, after VS Code's webview guide (https://code.visualstudio.com/api/extension-guides/webview#content-security-policy):
 * `default-src 'none'` (no network, no frames, no fonts from elsewhere); scripts only with the page's
 * nonce (the one bundle, dist/webview/chain.js; no inline script, no eval); styles only from the
 * extension's own files (`webview.cspSource`: dist/webview/chain.css; no inline `style`); images from
 * `blob:` only, which the PNG export needs (it draws the SVG into a canvas through a blob: URL).
 * No data from the workspace is in the page: the graph arrives by `postMessage`.
 */
import { escapeXml } from './svg';

/** What {@link chainHtml} needs from the extension. */
export interface ChainHtmlParts {
  /** `webview.cspSource` (the origin of the extension's resources inside the webview). */
  cspSource: string;
  /** A fresh random nonce per page (base64 or hex; at least 128 bits): see chain.ts `newNonce`. */
  nonce: string;
  /** `webview.asWebviewUri` of dist/webview/chain.js and dist/webview/chain.css. */
  scriptUri: string;
  styleUri: string;
}

/** The Content-Security-Policy of the page (see the module comment). */
export function chainCsp(cspSource: string, nonce: string): string {
  return `default-src 'none'; img-src blob:; style-src ${cspSource}; script-src 'nonce-${nonce}';`;
}

/** The whole page: toolbar (filters, search, view and export buttons), status line, drawing, details panel. */
export function chainHtml(p: ChainHtmlParts): string {
  const a = escapeXml;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${a(chainCsp(p.cspSource, p.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="${a(p.styleUri)}">
<title>IRSA credential chain</title>
</head>
<body>
<header class="toolbar" role="toolbar" aria-label="Credential chain">
<label>Namespace <select id="namespace"><option value="">All namespaces</option></select></label>
<label>Set <select id="set"><option value="">All sets</option></select></label>
<input id="search" type="search" placeholder="Search names, accounts, labels" aria-label="Search names, namespaces, accounts and labels">
<span id="scope" hidden>Sets of <span id="scope-file"></span> <button id="scope-clear" type="button">Show all sets</button></span>
<span class="spacer"></span>
<button id="fit" type="button" title="Fit to view (F)">Fit</button>
<button id="zoom-in" type="button" title="Zoom in (+)" aria-label="Zoom in">+</button>
<button id="zoom-out" type="button" title="Zoom out (-)" aria-label="Zoom out">&#8722;</button>
<button id="export-svg" type="button">Export SVG…</button>
<button id="export-png" type="button">Export PNG…</button>
</header>
<p id="status" role="status" aria-live="polite">Waiting for the IRSA language server…</p>
<main>
<div id="canvas" tabindex="0" aria-label="Credential chain drawing: Tab moves between boxes and arrows, Enter opens the file; arrow keys pan, + and - zoom, F fits"></div>
<aside id="details" aria-label="Details" aria-live="polite"><p class="hint">Select a box or an arrow to see its findings.</p></aside>
</main>
<script nonce="${a(p.nonce)}" src="${a(p.scriptUri)}"></script>
</body>
</html>
`;
}
