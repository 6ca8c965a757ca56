/**
 * The command implementations that need the engine or `yaml`, bundled apart as
 * dist/commands/index.js and loaded by extension.ts on the first run of one of these commands
 * (require('./commands')), so activation never pays for them.
 */
export { showCredentialChain } from './chain';
export { generateSdkCode } from './codegen';
export { explainAwsError } from './explain';
export { NEW_CREDENTIAL_SET_COMMAND, runNewCredentialSet } from './scaffold';
