// WHATWG globals that every JavaScript host of the engine has (Node.js >= 16, browsers, web workers);
// they are not Node APIs. The engine's tsconfig has neither the DOM nor the Node lib (so that `fs`,
// `Buffer` or `process` fail the type check), hence the two it uses are declared here, with only the
// members it calls. Shapes: https://html.spec.whatwg.org/multipage/webappapis.html#atob (throws
// InvalidCharacterError on input that is not forgiving-base64) and https://encoding.spec.whatwg.org/#textdecoder
// (label "utf-8" by default; invalid sequences become U+FFFD unless `fatal`).
declare function atob(data: string): string;
declare class TextDecoder {
  constructor(label?: string);
  decode(input?: Uint8Array): string;
}
