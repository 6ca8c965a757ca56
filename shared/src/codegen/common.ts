/** Helpers shared by the SDK code renderers. */
import type { IrsaChain } from '../../../server/src/engine';

/** The chain with defaults applied, as every renderer sees it. */
export interface ResolvedChain extends IrsaChain {
  configFile: string;
}

/**
 * A string literal valid in TypeScript, JavaScript, Python, Go and Java. Chain values are validated
 * (ARNs, session names, regions, absolute paths), and JSON escaping is a common subset anyway.
 */
export function lit(s: string): string {
  return JSON.stringify(s);
}

/** The "what this module does" lines shared by every header comment. */
export function chainSummary(c: ResolvedChain): string[] {
  return [
    `web identity token file${c.tokenFile ? ` ${c.tokenFile}` : ''}`,
    `  --AssumeRoleWithWebIdentity--> ccoctl role ${c.sourceRoleArn ?? '(role_arn of the [default] profile)'}`,
    `  --AssumeRole (role chaining, ${c.durationSeconds} s)--> ${c.destinationRoleArn}`,
    `Config file: AWS_CONFIG_FILE, default ${c.configFile} (the mounted ccoctl Secret).`,
    `Session name: ${c.roleSessionName} (both hops). Region: ${c.region}.`,
  ];
}
