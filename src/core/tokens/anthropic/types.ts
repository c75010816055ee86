// Result and option types of the Claude estimator (re-exported by ../anthropic.ts).

export interface AnthropicPartCount {
  tokens: number;
  exact: boolean;
  note?: string;
}
export interface AnthropicCount {
  total: number;
  exact: false;
  method: string;
  tools: { tokens: number }[];
  /** Hidden tool-use system prompt (§1.10), by tool_choice. */
  toolOverhead: number;
  /** One entry per system block; a string system = one entry; [] when none. */
  system: { tokens: number }[];
  /** tokens includes the per-message overhead; parts aligned with content blocks (a string content = one part). */
  messages: { tokens: number; parts: AnthropicPartCount[] }[];
  overhead: number;
}

export interface AnthropicCountOptions {
  imageSize?: (url: string) => { width: number; height: number } | undefined;
}
