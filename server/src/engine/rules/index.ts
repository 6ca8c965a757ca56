/**
 * Every rule, in reporting order. Bundlers cannot discover files, so this list is explicit; a test
 * compares it with the directory and checks ids, docs pages and fixtures.
 */
import type { Rule } from './types';
import yamlSyntax from './yaml-syntax';
import jsonSyntax from './json-syntax';
import parseLimit from './parse-limit';
import schemaValidation from './schema-validation';
import k8sNameFormat from './k8s-name-format';
import k8sLabelFormat from './k8s-label-format';
import crApiVersionKind from './cr-api-version-kind';
import credrequestsDirContent from './credrequests-dir-content';
import crSecretRef from './cr-secret-ref';
import crProviderSpecKind from './cr-provider-spec-kind';
import crServiceAccountNames from './cr-service-account-names';
import crStatementEntriesEmpty from './cr-statement-entries-empty';
import crStatementKeys from './cr-statement-keys';
import crStatementEffect from './cr-statement-effect';
import crStatementAction from './cr-statement-action';
import crStatementResource from './cr-statement-resource';
import crPolicyCondition from './cr-policy-condition';
import ccoctlRoleNameTruncated from './ccoctl-role-name-truncated';
import ccoctlTrustPolicyMismatch from './ccoctl-trust-policy-mismatch';
import ccoctlRoleNameCollision from './ccoctl-role-name-collision';
import crCloudTokenPath from './cr-cloud-token-path';
import crStsIamRoleArn from './cr-sts-iam-role-arn';
import crSkippedByCcoctl from './cr-skipped-by-ccoctl';
import crStatusAuthored from './cr-status-authored';
import crAssumeRolePermission from './cr-assume-role-permission';
import crInlinePolicySize from './cr-inline-policy-size';
import secretRoleArnPlaceholder from './secret-role-arn-placeholder';
import secretCredentialsFormat from './secret-credentials-format';
import secretRoleNameKey from './secret-role-name-key';
import secretMatchesSecretRef from './secret-matches-secret-ref';
import secretRoleNameMismatch from './secret-role-name-mismatch';
import deprecatedServiceAccount from './deprecated-service-account';
import serviceAccountFieldConflict from './service-account-field-conflict';
import serviceAccountMismatch from './service-account-mismatch';
import namespaceMismatch from './namespace-mismatch';
import volumeMountReferences from './volume-mount-references';
import secretVolumeShape from './secret-volume-shape';
import secretNameMismatch from './secret-name-mismatch';
import tokenExpiration from './token-expiration';
import tokenAudience from './token-audience';
import tokenPathMismatch from './token-path-mismatch';
import awsConfigFilePath from './aws-config-file-path';
import roleSessionNameFormat from './role-session-name-format';
import regionEnv from './region-env';
import stsRegionalEndpoints from './sts-regional-endpoints';
import envVarNames from './env-var-names';
import mixedCredentialSources from './mixed-credential-sources';
import deploymentConfigDeprecated from './deployment-config-deprecated';
import eksRoleArnAnnotation from './eks-role-arn-annotation';
import webhookAnnotations from './webhook-annotations';
import webhookEnvOverride from './webhook-env-override';
import missingTokenVolume from './missing-token-volume';
import iamVersion from './iam-version';
import iamStatementShape from './iam-statement-shape';
import iamEffect from './iam-effect';
import sdkWebIdentityVersion from './sdk-web-identity-version';
import javaSdkStsModule from './java-sdk-sts-module';
import sdkLoadConfig from './sdk-load-config';
import iamActionRequired from './iam-action-required';
import iamIdentityPolicyShape from './iam-identity-policy-shape';
import trustPolicyShape from './trust-policy-shape';
import trustActionPrincipalMismatch from './trust-action-principal-mismatch';
import arnFormat from './arn-format';
import trustRoleNameMismatch from './trust-role-name-mismatch';
import sessionNameMismatch from './session-name-mismatch';
import oidcPrincipalCondition from './oidc-principal-condition';
import trustSubjectMismatch from './trust-subject-mismatch';
import trustAudienceMismatch from './trust-audience-mismatch';
import trustSubjectUnused from './trust-subject-unused';
import oidcProviderAccount from './oidc-provider-account';
import iamSid from './iam-sid';
import iamConditionOperator from './iam-condition-operator';
import trustPolicySize from './trust-policy-size';
import iamNameLimits from './iam-name-limits';
import placeholderAccountId from './placeholder-account-id';
import roleChainingDuration from './role-chaining-duration';
import oneShotAssumeRole from './one-shot-assume-role';
import codeSessionNameMismatch from './code-session-name-mismatch';
import temporaryCredentialsMaster from './temporary-credentials-master';
import stsClientRegion from './sts-client-region';
import assumeRoleUncached from './assume-role-uncached';
import expiredTokenRetry from './expired-token-retry';
import credentialProviderExpiration from './credential-provider-expiration';
import webIdentityTokenReadOnce from './web-identity-token-read-once';
import iamUnknownService from './iam-unknown-service';
import iamUnknownAction from './iam-unknown-action';
import iamActionWildcardNoMatch from './iam-action-wildcard-no-match';
import iamUnknownConditionKey from './iam-unknown-condition-key';
import iamResourceTypeMismatch from './iam-resource-type-mismatch';
import iamDeprecatedAction from './iam-deprecated-action';

export const ALL_RULES: readonly Rule[] = [
  yamlSyntax,
  jsonSyntax,
  parseLimit,
  schemaValidation,
  k8sNameFormat,
  k8sLabelFormat,
  crApiVersionKind,
  credrequestsDirContent,
  crSecretRef,
  crProviderSpecKind,
  crServiceAccountNames,
  crStatementEntriesEmpty,
  crStatementKeys,
  crStatementEffect,
  crStatementAction,
  crStatementResource,
  crPolicyCondition,
  ccoctlRoleNameTruncated,
  ccoctlRoleNameCollision,
  crCloudTokenPath,
  crStsIamRoleArn,
  crSkippedByCcoctl,
  crStatusAuthored,
  crAssumeRolePermission,
  crInlinePolicySize,
  secretRoleArnPlaceholder,
  secretCredentialsFormat,
  secretRoleNameKey,
  secretMatchesSecretRef,
  secretRoleNameMismatch,
  deprecatedServiceAccount,
  serviceAccountFieldConflict,
  serviceAccountMismatch,
  namespaceMismatch,
  volumeMountReferences,
  secretVolumeShape,
  secretNameMismatch,
  tokenExpiration,
  tokenAudience,
  tokenPathMismatch,
  awsConfigFilePath,
  roleSessionNameFormat,
  regionEnv,
  stsRegionalEndpoints,
  envVarNames,
  mixedCredentialSources,
  deploymentConfigDeprecated,
  eksRoleArnAnnotation,
  webhookAnnotations,
  webhookEnvOverride,
  missingTokenVolume,
  iamVersion,
  iamStatementShape,
  iamEffect,
  iamActionRequired,
  iamIdentityPolicyShape,
  trustPolicyShape,
  trustActionPrincipalMismatch,
  arnFormat,
  trustRoleNameMismatch,
  sessionNameMismatch,
  oidcPrincipalCondition,
  trustSubjectMismatch,
  trustAudienceMismatch,
  trustSubjectUnused,
  oidcProviderAccount,
  iamSid,
  iamConditionOperator,
  trustPolicySize,
  iamNameLimits,
  placeholderAccountId,
  ccoctlTrustPolicyMismatch,
  // Issue #14 (dependency manifests): appended so existing SARIF rule indexes stay.
  sdkWebIdentityVersion,
  javaSdkStsModule,
  sdkLoadConfig,
  // (issue #14) Application code.
  roleChainingDuration,
  oneShotAssumeRole,
  codeSessionNameMismatch,
  temporaryCredentialsMaster,
  stsClientRegion,
  assumeRoleUncached,
  expiredTokenRetry,
  credentialProviderExpiration,
  webIdentityTokenReadOnce,
  // (issue #15) Checks against AWS's IAM service catalogue: appended so existing SARIF rule indexes stay.
  iamUnknownService,
  iamUnknownAction,
  iamActionWildcardNoMatch,
  // (issue #15, catalog2) Condition keys and resource types against the catalogue.
  iamUnknownConditionKey,
  iamResourceTypeMismatch,
  iamDeprecatedAction,
];

export const RULES_BY_ID: ReadonlyMap<string, Rule> = new Map(ALL_RULES.map((r) => [r.id, r]));
