// Imported first by extension.ts: marks when the bundle started evaluating, so activation time can be
// reported as "module load + activate()".
export const bundleLoadStart = performance.now();
