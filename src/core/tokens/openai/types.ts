// Result and option types of the Chat Completions counter (re-exported by ../openai.ts).

export interface OpenAIPartCount {
  tokens: number;
  exact: boolean;
  note?: string;
}
export interface OpenAIMessageCount {
  /** Includes the per-message overhead. */
  tokens: number;
  exact: boolean;
  /** Aligned with the content array when content is an array. */
  parts?: OpenAIPartCount[];
  note?: string;
}
export interface OpenAIChatCount {
  total: number;
  exact: boolean;
  notes: string[];
  tools?: {
    tokens: number;
    perTool: number[];
    rendered: string;
    /** Index of the system message the definitions are rendered into, or -1 when a new leading system message is created. */
    insertedIntoMessage: number;
  };
  /** Aligned with body.messages. */
  messages: OpenAIMessageCount[];
  toolChoice: number;
  responseFormat: number;
  /** Reply priming and request-level adjustments. total = sum(messages) + tools + toolChoice + responseFormat + constant. */
  constant: number;
}

export interface OpenAICountOptions {
  /** Size of an image given its URL (local files, remote images known to the host). Tried before data-URL parsing. */
  imageSize?: (url: string) => { width: number; height: number } | undefined;
}
