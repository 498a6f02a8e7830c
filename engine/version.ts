/**
 * Modelwright's version, the one source for the CLI's `--version`, model metadata, run records and the
 * headers of generated files. It must equal package.json's `version` (version.test.ts checks); a constant
 * rather than a JSON import keeps engine/ free of file reads and inside its own tsconfig project.
 */
export const MODELWRIGHT_VERSION = '0.1.0';
