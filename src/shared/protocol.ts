// The typed message protocol between the cost panel's extension side (src/extension/panel/) and its
// webview (src/webview/). Shared by both: no `vscode`, no DOM. Every message is a member of a
// discriminated union on `type`; both sides validate what they receive (`isWebviewToExtension`,
// `isExtensionToWebview`) because a webview message is untrusted input.
//
// Handshake: the webview loads, restores its own saved state (getState) and sends `ready` with it;
// the extension answers with `init` (the inputs it keeps in workspaceState, which win, and the model
// list), then `update` whenever the active editor, its analysis or the inputs change.
import type { ModelOption, PanelModel, PanelUsage, RateUnit } from '../core/cache/panelModel.types';
import { COMPARE_SLOTS, DEFAULT_PANEL_USAGE } from '../core/cache/panelModel.types';

export type { ModelOption, PanelModel, PanelUsage, RateUnit };

/** 2: the panel model leads with the next call (split.readNextCall, perCall.nextCall, rejected …). */
export const PROTOCOL_VERSION = 2;

/** Settings the panel links to (through `command:workbench.action.openSettings` URIs). */
export const PANEL_SETTINGS = ['promptCache.prices', 'promptCache.defaultModel', 'promptCache.include'] as const;
export type PanelSetting = (typeof PANEL_SETTINGS)[number];

/** What the panel shows for the active editor. */
export type PanelView =
  | { kind: 'no-editor' }
  | { kind: 'pending'; fileName: string }
  /** The file is a request but has no figures right now (too large, the engine failed). */
  | { kind: 'unavailable'; fileName: string; title: string; detail: string }
  | ({ fileName: string; uri: string; version: number } & PanelModel);

// #region extension → webview

export interface InitMessage {
  type: 'init';
  protocol: number;
  inputs: PanelUsage;
  models: ModelOption[];
  /** Date of the built-in price table. */
  tableAsOf: string;
}

export interface UpdateMessage {
  type: 'update';
  /** Increases with every update; the webview ignores older ones. */
  seq: number;
  /** The inputs these figures were computed with. */
  inputs: PanelUsage;
  view: PanelView;
}

/** One call of the trace view (src/webview/trace.ts): figures computed by src/core/trace. */
export interface TraceRow {
  index: number;
  /** 0-based line of the record in the file. */
  line: number;
  model?: string;
  inputTokens: number;
  predictedRead: number;
  billedRead?: number;
  /** Predicted and billed agree (undefined: nothing billed). */
  agrees?: boolean;
  kind: string;
  explanation: string;
  billedNote?: string;
  providerReason?: string;
  providerDisagrees?: boolean;
  lostUsd: number;
}

/** The trace view of an open trace file (JSONL with usage, LiteLLM log, OpenTelemetry export). */
export interface TraceViewModel {
  uri: string;
  fileName: string;
  /** Still reading (rows and totals so far). */
  running: boolean;
  /** Rows shown (the first calls and every miss, at most a few thousand). */
  rows: TraceRow[];
  /** Calls not shown as rows. */
  hiddenRows: number;
  totals: {
    calls: number;
    problems: number;
    predictedHitRate: number;
    billedHitRate?: number;
    predictedOnBilledHitRate?: number;
    billedCalls: number;
    agreeing: number;
    lostUsd: number;
    lostTokens: number;
    kinds: Record<string, number>;
    providerDisagreements: number;
  };
}

export interface TraceMessage {
  type: 'trace';
  seq: number;
  /** Undefined: the followed file is not a trace (the section hides). */
  trace?: TraceViewModel;
}

/** The simulated next turn of the request in the panel (issue 14; src/extension/panel/nextTurn.ts → src/webview/nextTurn.ts). */
export interface NextTurnMessage {
  type: 'nextTurn';
  /** The document and version it was computed for (as in PanelView). */
  uri: string;
  version: number;
  supported: boolean;
  /** The next turn reads at least what this request caches. */
  hits: boolean;
  /** One line: "Next turn: reads 4,375 of 4,411 tokens from cache: the breakpoints still hit." */
  summary: string;
  notes: string[];
}

export type ExtensionToWebview = InitMessage | UpdateMessage | NextTurnMessage | TraceMessage;

// #endregion

// #region webview → extension

export interface ReadyMessage {
  type: 'ready';
  protocol: number;
  /** What the webview restored from its own state (getState), if anything. */
  restored?: PanelUsage;
}

export interface SetInputsMessage {
  type: 'setInputs';
  inputs: PanelUsage;
}

export interface RevealSegmentMessage {
  type: 'revealSegment';
  /** The document the segment belongs to (as in PanelView.uri). */
  uri: string;
  segmentId: string;
}

/** Trace view: open the file at a call's line. */
export interface RevealLineMessage {
  type: 'revealLine';
  uri: string;
  line: number;
}

export type WebviewToExtension = ReadyMessage | SetInputsMessage | RevealSegmentMessage | RevealLineMessage;

// #endregion

// #region validation (both sides)

const MAX_CALLS = 100_000_000;
const MAX_RATE = 1_000_000;
const MAX_OUTPUT = 10_000_000;

function num(v: unknown, fallback: number, min: number, max: number, integer: boolean): number {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  if (!Number.isFinite(n)) return fallback;
  const c = Math.min(max, Math.max(min, n));
  return integer ? Math.round(c) : c;
}

/** Coerces anything into valid inputs (clamped numbers, known unit, exactly COMPARE_SLOTS model slots). */
export function sanitizeUsage(value: unknown, fallback: PanelUsage = DEFAULT_PANEL_USAGE): PanelUsage {
  const v = (value && typeof value === 'object' ? value : {}) as Record<string, unknown>;
  const unit: RateUnit = v.rateUnit === 'hour' || v.rateUnit === 'minute' ? v.rateUnit : fallback.rateUnit;
  const models = Array.isArray(v.compareModels) ? v.compareModels : fallback.compareModels;
  const compareModels: string[] = [];
  for (let i = 0; i < COMPARE_SLOTS; i++) {
    const m = models[i];
    compareModels.push(typeof m === 'string' ? m.slice(0, 200) : '');
  }
  return {
    calls: num(v.calls, fallback.calls, 1, MAX_CALLS, true),
    rate: num(v.rate, fallback.rate, 0.001, MAX_RATE, false),
    rateUnit: unit,
    outputTokens: num(v.outputTokens, fallback.outputTokens, 0, MAX_OUTPUT, true),
    compareModels,
  };
}

export function sameUsage(a: PanelUsage, b: PanelUsage): boolean {
  return (
    a.calls === b.calls &&
    a.rate === b.rate &&
    a.rateUnit === b.rateUnit &&
    a.outputTokens === b.outputTokens &&
    a.compareModels.length === b.compareModels.length &&
    a.compareModels.every((m, i) => m === b.compareModels[i])
  );
}

function isObj(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object';
}

export function isWebviewToExtension(m: unknown): m is WebviewToExtension {
  if (!isObj(m)) return false;
  switch (m.type) {
    case 'ready':
      return typeof m.protocol === 'number' && (m.restored === undefined || isObj(m.restored));
    case 'setInputs':
      return isObj(m.inputs);
    case 'revealSegment':
      return typeof m.uri === 'string' && typeof m.segmentId === 'string';
    case 'revealLine':
      return typeof m.uri === 'string' && typeof m.line === 'number' && Number.isInteger(m.line) && m.line >= 0;
    default:
      return false;
  }
}

export function isExtensionToWebview(m: unknown): m is ExtensionToWebview {
  if (!isObj(m)) return false;
  switch (m.type) {
    case 'init':
      return typeof m.protocol === 'number' && isObj(m.inputs) && Array.isArray(m.models);
    case 'update':
      return typeof m.seq === 'number' && isObj(m.view) && isObj(m.inputs);
    case 'nextTurn':
      return typeof m.uri === 'string' && typeof m.version === 'number' && typeof m.summary === 'string' && Array.isArray(m.notes);
    case 'trace':
      return typeof m.seq === 'number' && (m.trace === undefined || (isObj(m.trace) && Array.isArray(m.trace.rows) && isObj(m.trace.totals)));
    default:
      return false;
  }
}

/** A `command:` URI that opens the Settings editor at one setting (works in the webview with enableCommandUris). */
export function openSettingUri(setting: PanelSetting): string {
  return `command:workbench.action.openSettings?${encodeURIComponent(JSON.stringify([setting]))}`;
}

// #endregion
