// Types for scripts/package.mjs (used by test/unit/scripts.test.ts).
export declare function readmeImages(readme: string): string[];
export declare function inlineImages(readme: string, root: string): string;
