/** The package version; a test keeps it equal to package.json's. Enters every signature. */
export const VERSION = '0.1.0';

/** How the version appears in signatures: distinct from sacreBLEU's own version numbers. */
export const SIGNATURE_VERSION = `trenchcoat-${VERSION}`;
