// Commands under the "Prompt Cache" category: choose model, toggle highlights, show analysis as text,
// analyze anyway (large files), show log. The model quick pick lives here too.
import * as vscode from 'vscode';
import { listModels } from '../core/models';
import type { ModelProfile } from '../core/models/types';
import { AnalysisService, basename, DEFAULT_CHOICE } from './analysisService';
import { SECTION } from './config';
import { REPORT_SCHEME, reportUriFor } from './reportProvider';
import { fmtInt } from './text';

export const COMMANDS = {
  chooseModel: 'promptCache.chooseModel',
  toggleHighlights: 'promptCache.toggleHighlights',
  showReport: 'promptCache.showReport',
  analyzeAnyway: 'promptCache.analyzeAnyway',
  showLog: 'promptCache.showLog',
} as const;

/** Special values of the chooseModel command's second argument. */
export const FILE_MODEL = '$file';

interface ModelItem extends vscode.QuickPickItem {
  choice?: string | undefined;
  clear?: boolean;
}

function providerTitle(p: string): string {
  return ({ openai: 'OpenAI', anthropic: 'Anthropic', google: 'Google', deepseek: 'DeepSeek', xai: 'xAI' } as Record<string, string>)[p] ?? p;
}

function modelDetail(m: ModelProfile): string {
  const caching = m.cachingSupported === false ? 'no caching discount' : m.family === 'breakpoints' ? 'cache_control breakpoints' : m.family === 'openai-breakpoints' ? 'prompt_cache_breakpoint (GPT-5.6+: implicit or explicit mode)' : 'automatic prefix caching';
  return `${caching} · minimum ${fmtInt(m.minimumTokens)} tokens · $${m.prices.input}/M input, $${m.prices.cacheRead}/M cache read`;
}

/** Resolve a command argument (Uri, string, or nothing) to an open text document. */
async function targetDocument(arg: unknown): Promise<vscode.TextDocument | undefined> {
  if (arg instanceof vscode.Uri) return vscode.workspace.openTextDocument(arg);
  if (typeof arg === 'string' && arg) return vscode.workspace.openTextDocument(vscode.Uri.parse(arg));
  const ed = vscode.window.activeTextEditor;
  if (ed && ed.document.uri.scheme === REPORT_SCHEME) return undefined;
  return ed?.document;
}

export function registerCommands(context: vscode.ExtensionContext, service: AnalysisService, log: vscode.LogOutputChannel): void {
  const reg = (id: string, fn: (...args: unknown[]) => unknown) =>
    context.subscriptions.push(
      vscode.commands.registerCommand(id, async (...args: unknown[]) => {
        try {
          return await fn(...args);
        } catch (err) {
          const msg = err instanceof Error ? err.message : String(err);
          log.error(`${id}: ${msg}`);
          void vscode.window.showErrorMessage(`Prompt Cache Lens: ${msg}`);
          return undefined;
        }
      }),
    );

  // chooseModel(uri?, model?) — with a model (id, "$file" or "$default") it applies it without a picker.
  reg(COMMANDS.chooseModel, async (uriArg?: unknown, modelArg?: unknown) => {
    const doc = await targetDocument(uriArg);
    if (!doc) {
      void vscode.window.showInformationMessage('Prompt Cache Lens: open a request or prompt file first.');
      return undefined;
    }
    if (typeof modelArg === 'string') {
      await service.setModelChoice(doc.uri, modelArg === FILE_MODEL ? undefined : modelArg);
      return service.getAnalysis(doc.uri)?.model.name;
    }
    const analysis = service.getAnalysis(doc.uri);
    const choice = service.getModelChoice(doc.uri);
    const current = choice && choice !== DEFAULT_CHOICE ? choice : analysis?.model.profileId ?? analysis?.model.name;
    const fileModel = analysis?.model.source === 'file' && !choice ? analysis.model.name : undefined;
    const defaultModel = service.config.analyze.defaultModel;
    const items: ModelItem[] = [
      {
        label: `${!choice ? '$(check) ' : ''}Use the file's model`,
        description: fileModel ?? (analysis?.model.source === 'file' ? '' : "the file names no model: the default is used"),
        choice: undefined,
        clear: true,
      },
      {
        label: `${choice === DEFAULT_CHOICE ? '$(check) ' : ''}Use the default model`,
        description: defaultModel ? `${defaultModel} (promptCache.defaultModel)` : 'promptCache.defaultModel is not set: the provider’s usual model',
        choice: DEFAULT_CHOICE,
      },
    ];
    let lastProvider = '';
    for (const m of listModels()) {
      if (m.provider !== lastProvider) {
        items.push({ label: providerTitle(m.provider), kind: vscode.QuickPickItemKind.Separator });
        lastProvider = m.provider;
      }
      const isCurrent = choice !== undefined && choice !== DEFAULT_CHOICE ? m.id === choice : m.id === current;
      items.push({ label: `${isCurrent ? '$(check) ' : ''}${m.displayName}`, description: m.id + (isCurrent ? ' · current' : ''), detail: modelDetail(m), choice: m.id });
    }
    const picked = await vscode.window.showQuickPick(items, {
      title: `Model for ${basename(doc.uri)}`,
      placeHolder: `Current: ${analysis?.model.name ?? 'none'} — prices, minimums and tokenizer follow the model`,
      matchOnDescription: true,
      matchOnDetail: true,
    });
    if (!picked || picked.kind === vscode.QuickPickItemKind.Separator) return undefined;
    await service.setModelChoice(doc.uri, picked.clear ? undefined : picked.choice);
    return service.getAnalysis(doc.uri)?.model.name;
  });

  reg(COMMANDS.toggleHighlights, async () => {
    const c = vscode.workspace.getConfiguration(SECTION);
    const next = !service.config.highlights;
    // Writes where the setting is currently defined, so a workspace value is not shadowed by a user value.
    const inspect = c.inspect<boolean>('highlights.enabled');
    const target = inspect?.workspaceFolderValue !== undefined ? vscode.ConfigurationTarget.WorkspaceFolder : inspect?.workspaceValue !== undefined ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
    await c.update('highlights.enabled', next, target);
    return next;
  });

  reg(COMMANDS.showReport, async (uriArg?: unknown) => {
    const doc = await targetDocument(uriArg);
    if (!doc || !service.isTracked(doc.uri)) {
      void vscode.window.showInformationMessage('Prompt Cache Lens: the active file is not a request or prompt file.');
      return undefined;
    }
    const reportDoc = await vscode.workspace.openTextDocument(reportUriFor(doc.uri));
    await vscode.window.showTextDocument(reportDoc, { preview: true, viewColumn: vscode.ViewColumn.Beside, preserveFocus: false });
    return reportDoc.uri;
  });

  reg(COMMANDS.analyzeAnyway, async (uriArg?: unknown) => {
    const doc = await targetDocument(uriArg);
    if (!doc) return undefined;
    return service.analyzeAnyway(doc);
  });

  reg(COMMANDS.showLog, () => log.show(true));
}
