// Test-only commands. Registered only when VS Code was started with PCL_TEST_HOOKS=1 in its environment (the
// real-VS-Code test runners set it: scripts/run-vscode-tests.mjs, scripts/run-electron-tests.mjs); a normal
// installation never has them, and the analysis worker ignores its test hooks without the same variable.
import * as vscode from 'vscode';
import type { AnalysisService } from './analysisService';
import type { WorkerTestHook } from '../host/worker';
import { workerClient } from './runAnalysis';

export const TEST_HOOKS_ENABLED = process.env.PCL_TEST_HOOKS === '1';

export const TEST_COMMANDS = {
  /** (uri: string, hook: WorkerTestHook): the next analysis of that document is slow or crashes its worker. */
  workerHook: 'promptCache._testWorkerHook',
  /** (uri: string): terminate the worker analysing that document, as a crash would (false: not in a worker yet). */
  killWorker: 'promptCache._testKillWorker',
} as const;

export function registerTestCommands(context: vscode.ExtensionContext, service: AnalysisService): void {
  if (!TEST_HOOKS_ENABLED) return;
  context.subscriptions.push(
    vscode.commands.registerCommand(TEST_COMMANDS.workerHook, (uri: string, hook: WorkerTestHook) => {
      service.nextWorkerHook.set(String(uri), hook);
    }),
    vscode.commands.registerCommand(TEST_COMMANDS.killWorker, (uri: string) => workerClient().crashWorkerForTest(uri)),
  );
}
