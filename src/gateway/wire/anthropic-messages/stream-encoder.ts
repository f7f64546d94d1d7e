/**
 * Canonical chat chunks → Anthropic's SSE events. One content block is open at
 * a time; a tool call's argument fragments go out as input_json_delta on the
 * block that tool opened, so split JSON arrives whole at the client.
 */
import type { ChatChunk, ChatFinishReason, ChatUsage, ReasoningDetail, SwitchyardError } from '../../../core/index.js';
import type { StreamEncoder, WireContext } from '../types.js';
import { anthropicErrorBody } from './anthropic-error.js';
import { messageId, toAnthropicUsage, toStopReason } from './message-object.js';

export class MessagesStreamEncoder implements StreamEncoder {
  private blocks = 0;
  private open: number | null = null;
  private openKind: 'text' | 'tool' | 'thinking' | null = null;
  /** The open thinking block's text and opaque parts, sealed into its signature when it closes. */
  private thinkingText = '';
  private thinkingDetails: ReasoningDetail[] = [];
  /**
   * Opaque parts that came after a text block, waiting for a tool call. Left at
   * the end of the answer (Gemini 3 signs its last text part) they are dropped:
   * a thinking block after the text would make it the answer's last block, which
   * Claude Code takes for the reply (`claude -p` printed nothing), and Gemini
   * does not check a text part's signature.
   */
  private pendingDetails: ReasoningDetail[] = [];
  /** chat tool index → content block index */
  private readonly toolBlocks = new Map<number, number>();
  private finish: ChatFinishReason = null;
  private usage: ChatUsage | null = null;

  constructor(private readonly ctx: WireContext) {}

  start(): string {
    return ev('message_start', {
      type: 'message_start',
      message: {
        id: messageId(this.ctx),
        type: 'message',
        role: 'assistant',
        model: this.ctx.requestedModel,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: { input_tokens: 0, output_tokens: 0, cache_read_input_tokens: 0, cache_creation_input_tokens: 0 },
      },
    });
  }

  chunk(c: ChatChunk): string {
    if (c.usage) this.usage = c.usage;
    const choice = c.choices[0];
    if (!choice) return '';
    let out = '';
    const { content, tool_calls, reasoning_content, reasoning_details } = choice.delta;
    const thought = typeof reasoning_content === 'string' && reasoning_content.length > 0;
    if (!thought && reasoning_details?.length && this.blocks > 0 && this.openKind !== 'thinking') {
      // Opaque parts (a Gemini thoughtSignature) after text: held for the next tool call's thinking block.
      this.pendingDetails.push(...reasoning_details);
    } else if (thought || reasoning_details?.length) {
      if (this.openKind !== 'thinking') out += this.openThinking();
      if (reasoning_details?.length) this.thinkingDetails.push(...reasoning_details);
      if (thought) {
        this.thinkingText += reasoning_content;
        out += this.delta(this.open as number, { type: 'thinking_delta', thinking: reasoning_content });
      }
    }
    if (typeof content === 'string' && content.length > 0) {
      if (this.openKind !== 'text') out += this.openBlock('text', { type: 'text', text: '' });
      out += this.delta(this.open as number, { type: 'text_delta', text: content });
    }
    for (const tc of tool_calls ?? []) {
      let index = this.toolBlocks.get(tc.index);
      if (index === undefined) {
        if (this.pendingDetails.length > 0) out += this.openThinking();
        const id = tc.id ?? `toolu_${this.ctx.requestId.replace(/^req_/, '')}_${tc.index}`;
        out += this.openBlock('tool', { type: 'tool_use', id, name: tc.function?.name ?? '', input: {} });
        index = this.open as number;
        this.toolBlocks.set(tc.index, index);
      }
      const args = tc.function?.arguments;
      if (args) out += this.delta(index, { type: 'input_json_delta', partial_json: args });
    }
    if (choice.finish_reason) this.finish = choice.finish_reason;
    return out;
  }

  end(): string {
    const usage = toAnthropicUsage(this.usage);
    return (
      this.closeBlock() +
      ev('message_delta', {
        type: 'message_delta',
        delta: { stop_reason: toStopReason(this.finish ?? 'stop', this.toolBlocks.size > 0), stop_sequence: null },
        usage,
      }) +
      ev('message_stop', { type: 'message_stop' })
    );
  }

  error(err: SwitchyardError): string {
    return `event: error\ndata: ${anthropicErrorBody(err)}\n\n`;
  }

  /** A thinking block, carrying any opaque parts held since the last one. */
  private openThinking(): string {
    const out = this.openBlock('thinking', { type: 'thinking', thinking: '', signature: '' });
    this.thinkingDetails.push(...this.pendingDetails);
    this.pendingDetails = [];
    return out;
  }

  private openBlock(kind: 'text' | 'tool' | 'thinking', block: Record<string, unknown>): string {
    const out = this.closeBlock();
    const index = this.blocks++;
    this.open = index;
    this.openKind = kind;
    return out + ev('content_block_start', { type: 'content_block_start', index, content_block: block });
  }

  private closeBlock(): string {
    if (this.open === null) return '';
    const index = this.open;
    let out = '';
    if (this.openKind === 'thinking') {
      const details = this.thinkingDetails;
      const sealed = this.ctx.seal?.({ text: this.thinkingText || undefined, details: details.length > 0 ? details : undefined });
      this.thinkingText = '';
      this.thinkingDetails = [];
      if (sealed) out += this.delta(index, { type: 'signature_delta', signature: sealed });
    }
    this.open = null;
    this.openKind = null;
    return out + ev('content_block_stop', { type: 'content_block_stop', index });
  }

  private delta(index: number, delta: Record<string, unknown>): string {
    return ev('content_block_delta', { type: 'content_block_delta', index, delta });
  }
}

function ev(name: string, data: Record<string, unknown>): string {
  return `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;
}
