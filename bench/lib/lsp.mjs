// A minimal LSP client over stdio for the benchmarks: Content-Length framing, requests with ids,
// answers to the server's own requests (workspace/configuration, client/registerCapability,
// window/workDoneProgress/create) and a timestamped log of every publishDiagnostics and logMessage.
// Waits are event-driven (a predicate re-checked on every incoming message) with a deadline.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';

const CLK_TCK = 100; // Linux USER_HZ: /proc/<pid>/stat counts CPU time in 1/100 s.

export class LspClient {
  /**
   * @param {string} command shell command line that starts the server on stdio
   * @param {{ configuration?: (item: { section?: string, scopeUri?: string }) => unknown, cwd?: string }} options
   */
  constructor(command, options = {}) {
    this.configuration = options.configuration ?? (() => null);
    this.t0 = performance.now();
    this.proc = spawn(`exec ${command}`, { shell: true, cwd: options.cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    // With `shell: true` the pid is the shell's; `exec` below makes the shell become the server.
    this.pid = this.proc.pid;
    this.stderr = '';
    this.proc.stderr.on('data', (d) => (this.stderr = (this.stderr + d.toString()).slice(-20000)));
    this.nextId = 1;
    this.pending = new Map();
    this.waiters = new Set();
    /** @type {{ t: number, uri: string, version?: number, diagnostics: any[] }[]} */
    this.diagnostics = [];
    /** Latest publishDiagnostics per URI. */
    this.latest = new Map();
    /** Every publishDiagnostics per URI, in arrival order. */
    this.byUri = new Map();
    /** @type {{ t: number, type: number, message: string }[]} */
    this.logs = [];
    this.exited = undefined;
    this.proc.on('exit', (code, signal) => {
      this.exited = { code, signal };
      for (const [, p] of this.pending) p.reject(new Error(`server exited (${code ?? signal}) before answering; stderr: ${this.stderr.slice(-2000)}`));
      this.pending.clear();
      this.poke();
    });
    let buf = Buffer.alloc(0);
    this.proc.stdout.on('data', (chunk) => {
      buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
      for (;;) {
        const headerEnd = buf.indexOf('\r\n\r\n');
        if (headerEnd < 0) break;
        const header = buf.subarray(0, headerEnd).toString('ascii');
        const m = /Content-Length:\s*(\d+)/i.exec(header);
        if (!m) throw new Error(`bad LSP header: ${header}`);
        const len = Number(m[1]);
        if (buf.length < headerEnd + 4 + len) break;
        const body = buf.subarray(headerEnd + 4, headerEnd + 4 + len).toString('utf8');
        buf = buf.subarray(headerEnd + 4 + len);
        this.onMessage(JSON.parse(body));
      }
    });
  }

  now() {
    return performance.now();
  }

  send(msg) {
    const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', ...msg }), 'utf8');
    this.proc.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
    this.proc.stdin.write(body);
  }

  request(method, params) {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.send({ id, method, params });
    });
  }

  notify(method, params) {
    this.send({ method, params });
  }

  onMessage(msg) {
    const t = this.now();
    if (msg.id !== undefined && msg.method === undefined) {
      const p = this.pending.get(msg.id);
      this.pending.delete(msg.id);
      if (p) (msg.error ? p.reject(new Error(msg.error.message)) : p.resolve(msg.result));
    } else if (msg.id !== undefined) {
      this.answer(msg);
    } else if (msg.method === 'textDocument/publishDiagnostics') {
      const e = { t, uri: msg.params.uri, version: msg.params.version, diagnostics: msg.params.diagnostics };
      this.diagnostics.push(e);
      this.latest.set(e.uri, e);
      let list = this.byUri.get(e.uri);
      if (!list) this.byUri.set(e.uri, (list = []));
      list.push(e);
    } else if (msg.method === 'window/logMessage' || msg.method === 'window/showMessage') {
      this.logs.push({ t, type: msg.params.type, message: msg.params.message });
    }
    this.poke();
  }

  answer(msg) {
    let result = null;
    if (msg.method === 'workspace/configuration') result = (msg.params.items ?? []).map((it) => this.configuration(it));
    else if (msg.method === 'workspace/workspaceFolders') result = this.folders ?? null;
    this.send({ id: msg.id, result });
  }

  poke() {
    for (const w of [...this.waiters]) {
      let ok = false;
      try {
        ok = w.predicate();
      } catch (e) {
        this.waiters.delete(w);
        w.reject(e);
        continue;
      }
      if (ok) {
        this.waiters.delete(w);
        clearTimeout(w.timer);
        w.resolve(this.now());
      } else if (this.exited) {
        this.waiters.delete(w);
        clearTimeout(w.timer);
        w.reject(new Error(`server exited while waiting for ${w.what}; stderr: ${this.stderr.slice(-2000)}`));
      }
    }
  }

  /** Resolves with the time (performance.now()) at which `predicate` first holds; rejects after `deadlineMs`. */
  waitFor(what, predicate, deadlineMs = 120_000) {
    return new Promise((resolve, reject) => {
      const w = { what, predicate, resolve, reject };
      w.timer = setTimeout(() => {
        this.waiters.delete(w);
        reject(new Error(`timed out after ${deadlineMs} ms waiting for ${what}`));
      }, deadlineMs);
      this.waiters.add(w);
      this.poke();
    });
  }

  /** Time of the first publishDiagnostics for `uri` received after `since` (and with version ≥ `version` when the server sends versions). */
  diagnosticsAfter(uri, since, version) {
    const list = this.byUri.get(uri);
    if (!list) return undefined;
    let found;
    for (let i = list.length - 1; i >= 0 && list[i].t >= since; i--) {
      const d = list[i];
      if (version === undefined || d.version === undefined || d.version >= version) found = d;
    }
    return found;
  }

  /**
   * Resolves with the time at which every URI of `uris` has had a publishDiagnostics after `since`
   * (with version ≥ `versions.get(uri)` when given). Checks only what is still missing.
   */
  waitForAll(what, uris, since, versions, deadlineMs) {
    const remaining = new Set(uris);
    return this.waitFor(what, () => {
      for (const u of remaining) if (this.diagnosticsAfter(u, since, versions?.get(u)) !== undefined) remaining.delete(u);
      return remaining.size === 0;
    }, deadlineMs);
  }

  /** Resolves after no message arrived for `quietMs` (used only to let a background scan settle). */
  async quiet(quietMs) {
    for (;;) {
      const last = Math.max(this.diagnostics.at(-1)?.t ?? 0, this.logs.at(-1)?.t ?? 0);
      const wait = last + quietMs - this.now();
      if (wait <= 0) return;
      await new Promise((r) => setTimeout(r, wait));
    }
  }

  /** Memory and CPU time of the server process (Linux /proc), or undefined once it has exited. */
  usage() {
    try {
      const status = fs.readFileSync(`/proc/${this.pid}/status`, 'utf8');
      const kb = (k) => Number(new RegExp(`^${k}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
      const stat = fs.readFileSync(`/proc/${this.pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // fields[0] is field 3 (state): utime is field 14, stime field 15.
      const utime = Number(fields[11]) / CLK_TCK;
      const stime = Number(fields[12]) / CLK_TCK;
      return { peakRssMiB: kb('VmHWM') / 1024, rssMiB: kb('VmRSS') / 1024, cpuUserS: utime, cpuSystemS: stime, cpuS: utime + stime };
    } catch {
      return undefined;
    }
  }

  async shutdown() {
    if (this.exited) return;
    try {
      await Promise.race([this.request('shutdown', null), new Promise((r) => setTimeout(r, 5000))]);
      this.notify('exit', null);
    } catch {
      // already gone
    }
    await Promise.race([new Promise((r) => this.proc.once('exit', r)), new Promise((r) => setTimeout(r, 5000))]);
    if (!this.exited) this.proc.kill('SIGKILL');
  }
}

/** p50/p95/max (and count, mean) of a list of milliseconds; nearest-rank percentiles. */
export function stats(xs) {
  if (!xs.length) return { n: 0 };
  const s = [...xs].sort((a, b) => a - b);
  const rank = (p) => s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
  const r = (x) => Math.round(x * 100) / 100;
  return { n: s.length, p50: r(rank(50)), p95: r(rank(95)), max: r(s[s.length - 1]), mean: r(s.reduce((a, b) => a + b, 0) / s.length) };
}
