/**
 * Strict reading of the LSP base protocol (`Content-Length: N\r\n…\r\n\r\n` + N bytes of JSON) for the
 * stream transports (stdio, socket, pipe).
 *
 * vscode-jsonrpc's `StreamMessageReader` reports a missing or non-numeric `Content-Length` through
 * `onError`, which `vscode-languageserver` never surfaces, and keeps going from wherever it stopped:
 * after a header without a length, a negative length (`parseInt('-5')` reaches its buffer code as a
 * negative byte count) or a wrong one, it read headers from the middle of a body and never answered
 * again while the process kept running. A huge length made it buffer input until it arrived.
 *
 * Resynchronising is not safe: after a wrong length nothing tells where the next message starts (a
 * document's text may itself contain `Content-Length:`), and every lost `didChange` would leave the
 * server computing edits on text the user no longer has (issue 10, item 2). So a framing error is
 * fatal: {@link FramingError} is raised once, and main.ts logs it and exits non-zero; the client then
 * restarts the server and sends every open document again (vscode-languageclient restarts a server
 * that exits, up to 4 times in 3 minutes).
 */
import type { Readable } from 'node:stream';
import { AbstractMessageReader } from './languageServer';
import type { DataCallback, Disposable, Message } from 'vscode-languageserver/node';

/** Bytes of one header section (all header lines and the blank line); VS Code sends about 40. */
export const MAX_HEADER_BYTES = 8 * 1024;
/**
 * Bytes of one message body. VS Code does not sync documents over 50 MB to extensions; JSON escaping
 * can grow their text, so twice that and some more. A longer announced length is refused at the
 * header, before any of the body is buffered.
 */
export const MAX_CONTENT_LENGTH = 128 * 1024 * 1024;

/** A violation of the base protocol's framing; the stream cannot be trusted after it. */
export class FramingError extends Error {}

const HEADER_END = Buffer.from('\r\n\r\n');
/** RFC 9110 field-name token. */
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/**
 * A `MessageReader` over a byte stream that accepts only well-formed frames: ASCII header lines
 * `Name: value`, exactly one decimal `Content-Length` of at most {@link MAX_CONTENT_LENGTH},
 * an optional `Content-Type` whose charset is utf-8, and a body that parses as one JSON value. The
 * first violation fires `onError` with a {@link FramingError} and stops reading. Memory is bounded by
 * {@link MAX_HEADER_BYTES} plus the announced length of the current message.
 */
export class StrictStreamMessageReader extends AbstractMessageReader {
  private chunks: Buffer[] = [];
  private buffered = 0;
  /** Length of the body being read, or -1 while reading a header section. */
  private bodyLength = -1;
  private failed = false;
  private callback: DataCallback | undefined;
  private readonly methodsSeen = new Set<string>();

  constructor(private readonly readable: Readable) {
    super();
  }

  /** Whether a request or notification with this method has been received (e.g. `shutdown`). */
  received(method: string): boolean {
    return this.methodsSeen.has(method);
  }

  listen(callback: DataCallback): Disposable {
    this.callback = callback;
    const onData = (data: Buffer): void => this.onData(data);
    const onError = (e: Error): void => this.fireError(e);
    const onEnd = (): void => this.fireClose();
    this.readable.on('data', onData);
    this.readable.on('error', onError);
    this.readable.on('end', onEnd);
    this.readable.on('close', onEnd);
    return {
      dispose: () => {
        this.readable.off('data', onData);
        this.readable.off('error', onError);
        this.readable.off('end', onEnd);
        this.readable.off('close', onEnd);
      },
    };
  }

  private fail(message: string): void {
    this.failed = true;
    this.chunks = [];
    this.buffered = 0;
    this.readable.pause();
    this.fireError(new FramingError(message));
  }

  private onData(data: Buffer): void {
    if (this.failed) return;
    this.chunks.push(data);
    this.buffered += data.length;
    while (!this.failed) {
      if (this.bodyLength < 0) {
        const all = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks);
        this.chunks = [all];
        const end = all.indexOf(HEADER_END);
        if (end < 0) {
          // Still within the header section, but never more than its bound (a stream without
          // \r\n\r\n must not be buffered forever).
          if (all.length > MAX_HEADER_BYTES) this.fail(`a message header is longer than ${MAX_HEADER_BYTES} bytes without ending in an empty line`);
          return;
        }
        if (end + HEADER_END.length > MAX_HEADER_BYTES) return this.fail(`a message header is longer than ${MAX_HEADER_BYTES} bytes`);
        const length = this.parseHeader(all.subarray(0, end));
        if (length === undefined) return;
        this.bodyLength = length;
        this.chunks = [all.subarray(end + HEADER_END.length)];
        this.buffered = all.length - end - HEADER_END.length;
      }
      if (this.buffered < this.bodyLength) return;
      const all = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks);
      const body = all.subarray(0, this.bodyLength);
      const rest = all.subarray(this.bodyLength);
      this.chunks = rest.length ? [rest] : [];
      this.buffered = rest.length;
      this.bodyLength = -1;
      let message: Message;
      try {
        message = JSON.parse(body.toString('utf8')) as Message;
      } catch {
        // A wrong Content-Length cuts a body short or runs into the next header. (V8's own message
        // is left out: it names a position in a body the user never sees, and changes with Node.)
        return this.fail(`a message body of ${body.length} bytes is not JSON (wrong Content-Length?)`);
      }
      // JSON-RPC messages are objects; `null`, a number or a string is no message, and with it the
      // framing is not to be trusted either (a reviewer's `Content-Length: 4` + `null` left the
      // frames behind it waiting).
      if (typeof message !== 'object' || message === null) return this.fail(`a message body of ${body.length} bytes is JSON but not a JSON-RPC message (an object or a batch)`);
      const method = (message as { method?: unknown }).method;
      if (typeof method === 'string') this.methodsSeen.add(method);
      this.callback?.(message);
      if (this.buffered === 0) return;
    }
  }

  /** The body length announced by a header section (without its final blank line), or undefined after `fail`. */
  private parseHeader(header: Buffer): number | undefined {
    if (/[^\x20-\x7e\r\n\t]/.test(header.toString('latin1'))) {
      this.fail('a message header contains bytes that are not printable ASCII');
      return undefined;
    }
    let length: number | undefined;
    for (const line of header.toString('ascii').split('\r\n')) {
      const colon = line.indexOf(':');
      const name = colon > 0 ? line.slice(0, colon) : '';
      if (!TOKEN.test(name)) {
        this.fail(`a message header line is not \`Name: value\`: ${JSON.stringify(line.slice(0, 80))}`);
        return undefined;
      }
      const value = line.slice(colon + 1).trim();
      const lower = name.toLowerCase();
      if (lower === 'content-length') {
        if (length !== undefined) {
          this.fail('a message header has Content-Length twice');
          return undefined;
        }
        if (!/^\d{1,15}$/.test(value)) {
          this.fail(`Content-Length must be a decimal number of bytes, got ${JSON.stringify(value.slice(0, 40))}`);
          return undefined;
        }
        length = Number(value);
        if (length > MAX_CONTENT_LENGTH) {
          this.fail(`Content-Length ${length} is more than the ${MAX_CONTENT_LENGTH / 1024 / 1024} MiB this server accepts`);
          return undefined;
        }
      } else if (lower === 'content-type') {
        const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(value)?.[1]?.toLowerCase();
        if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
          this.fail(`only utf-8 message bodies are supported, got charset ${charset}`);
          return undefined;
        }
      }
    }
    if (length === undefined) {
      this.fail('a message header has no Content-Length');
      return undefined;
    }
    return length;
  }
}
