/**
 * Runs inside the VS Code extension host (loaded by @vscode/test-electron). A minimal runner: each
 * case runs in order, failures are counted, and `run` rejects if any failed (VS Code then exits 1).
 */
import { cases } from './extension.itest';

export async function run(): Promise<void> {
  let failed = 0;
  for (const c of cases) {
    const t = Date.now();
    try {
      await c.fn();
      console.log(`✔ ${c.name} (${Date.now() - t} ms)`);
    } catch (e) {
      failed++;
      console.error(`✖ ${c.name}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    }
  }
  console.log(`${cases.length - failed} passed, ${failed} failed`);
  if (failed > 0) throw new Error(`${failed} of ${cases.length} integration case(s) failed`);
}
