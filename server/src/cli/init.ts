/** `irsa-lint init`: non-interactive scaffolding (issue 4). Returns the process exit code. */
export async function runInit(_args: string[], io: { out: (s: string) => void; err: (s: string) => void }): Promise<number> {
  io.err('irsa-lint init: not implemented yet\n');
  return 2;
}
