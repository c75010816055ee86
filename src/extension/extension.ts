// Entry point of the VS Code extension. Activation is lazy (onLanguage for JSON/JSONC/JSONL and prompt
// templates) and cheap: no tokenizer is loaded here; the engine loads it on the first analysis.
import { bundleLoadStart } from './loadTime';
import * as vscode from 'vscode';
import { AnalysisService } from './analysisService';
import { disposeAnalysisWorker } from './runAnalysis';
import { registerCommands } from './commands';
import { registerCompare } from './compare';
import { CacheDecorations } from './decorations';
import { CacheHover } from './hover';
import { ReportProvider } from './reportProvider';
import { CacheStatusBar } from './statusBar';
import { TokenCounts } from './tokenCounts';
import { registerCostPanel } from './panel/costPanel';
import { isEncodingLoaded } from '../core/tokens/encoding';
import { registerDiagnostics } from './diagnostics';
import { registerCodeActions } from './codeActions';
import { registerTestCommands } from './testHooks';
import { setSuppressionReporter } from './suppression';
import { registerSourceCalls, type DynamicSpanDecorations } from './sourceCalls';

/** All imports evaluated: module load time = bundleEvaluated - bundleLoadStart. */
const bundleEvaluated = performance.now();

/** What activate() returns: used by the integration tests (and by other extensions, read-only). */
export interface PromptCacheApi {
  service: AnalysisService;
  decorations: CacheDecorations;
  tokenCounts: TokenCounts;
  statusBar: CacheStatusBar;
  /** Source files (issue 13): the dynamic-span decorations (undefined if they could not be registered). */
  sourceSpans?: DynamicSpanDecorations;
  /** Milliseconds spent in activate() and in evaluating the bundle (module load) before it. */
  activation: { activateMs: number; loadMs: number; tokenizerLoaded: boolean };
}

export function activate(context: vscode.ExtensionContext): PromptCacheApi {
  const t0 = performance.now();
  const log = vscode.window.createOutputChannel('Prompt Cache Lens', { log: true });
  context.subscriptions.push(log);
  const onError = (msg: string) => log.error(msg);

  // a bad .promptcacheignore line (or promptCache.ignore glob) is reported once: in the log, and one notice
  setSuppressionReporter((message) => {
    log.warn(message);
    void vscode.window.showWarningMessage(`Prompt Cache Lens: ${message}`, 'Show Log').then(
      (pick) => pick && log.show(true),
      () => undefined,
    );
  });
  const service = new AnalysisService(context.workspaceState, log);
  context.subscriptions.push(service);
  const decorations = new CacheDecorations(service, context.extensionUri, onError);
  const tokenCounts = new TokenCounts(service, onError);
  const hover = new CacheHover(service, onError);
  const statusBar = new CacheStatusBar(service);
  const report = new ReportProvider(service);
  context.subscriptions.push(decorations, tokenCounts, hover, statusBar, report);
  registerCommands(context, service, log);
  registerTestCommands(context, service);

  // Features owned by other parts of the extension; each guarded so one failing cannot stop the rest.
  let sourceSpans: DynamicSpanDecorations | undefined;
  const optional: [string, () => void][] = [
    ['source calls', () => (sourceSpans = registerSourceCalls(context, service, onError))],
    ['diagnostics', () => registerDiagnostics(context, service)],
    ['code actions', () => registerCodeActions(context, service)],
    ['cost panel', () => registerCostPanel(context, service)],
    ['compare', () => registerCompare(context)],
  ];
  for (const [name, register] of optional) {
    try {
      register();
    } catch (err) {
      log.error(`could not register ${name}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  const activateMs = performance.now() - t0;
  const loadMs = bundleEvaluated - bundleLoadStart;
  log.info(`activated in ${activateMs.toFixed(1)} ms (bundle evaluated in ${loadMs.toFixed(1)} ms; ${(t0 - bundleEvaluated).toFixed(0)} ms from load to activate() in the host)`);

  // Analyze what is already open after activation returns, so activation itself stays cheap.
  setImmediate(() => service.start());

  const tokenizerLoaded = isEncodingLoaded('o200k_base') || isEncodingLoaded('cl100k_base');
  return { service, decorations, tokenCounts, statusBar, sourceSpans, activation: { activateMs, loadMs, tokenizerLoaded } };
}

export function deactivate(): void {
  // Everything else is in context.subscriptions; the analysis worker thread is module state.
  disposeAnalysisWorker();
}
