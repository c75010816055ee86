// Types for scripts/gen-readme-settings.mjs (used by test/unit/readmeSettings.test.ts).
export declare const BEGIN: string;
export declare const END: string;
export declare function settingsBlock(manifest: unknown): string;
export declare function withSettings(readme: string, manifest: unknown): string | undefined;
