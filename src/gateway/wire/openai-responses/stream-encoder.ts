/**
 * Canonical chat chunks → the Responses SSE event sequence. Output indexes are
 * handed out in the order items are added, which is how the SDK's accumulator
 * places them; every event carries a `sequence_number`.
 */
import type { ChatChunk, ChatFinishReason, ChatUsage, ReasoningDetail, SwitchyardError } from '../../../core/index.js';
import type { StreamEncoder, WireContext } from '../types.js';
import { openAiError } from './openai-error.js';
import {
  finalStatus,
  idsFor,
  responseObject,
  toResponsesUsage,
  type FunctionCallItem,
  type MessageItem,
  type OutputItem,
  type ReasoningItem,
} from './response-object.js';

interface OpenText {
  index: number;
  item: MessageItem;
  text: string;
  /** The item id as a JSON string. */
  quotedId: string;
}
interface OpenReasoning {
  index: number;
  item: ReasoningItem;
  text: string;
  details: ReasoningDetail[];
  partOpen: boolean;
}
interface OpenCall {
  index: number;
  item: FunctionCallItem;
  done: boolean;
}

export class ResponsesStreamEncoder implements StreamEncoder {
  private seq = 0;
  private readonly output: OutputItem[] = [];
  private text: OpenText | null = null;
  private reasoning: OpenReasoning | null = null;
  private readonly calls = new Map<number, OpenCall>();
  /** Each output item as JSON, set when it is closed (all are closed before the final event). */
  private readonly closedJson: string[] = [];
  private finish: ChatFinishReason = null;
  private usage: ChatUsage | null = null;
  private readonly ids;
  private finalJson: string | null = null;

  constructor(private readonly ctx: WireContext) {
    this.ids = idsFor(ctx);
  }

  start(): string {
    // Both events carry the same snapshot: serialised once.
    const snapshot = JSON.stringify({ response: responseObject(this.ctx, 'in_progress', [], null) });
    return this.evJson('response.created', snapshot) + this.evJson('response.in_progress', snapshot);
  }

  chunk(c: ChatChunk): string {
    if (c.usage) this.usage = c.usage;
    const choice = c.choices[0];
    if (!choice) return '';
    let out = '';
    const delta = choice.delta;
    if (typeof delta.reasoning_content === 'string' && delta.reasoning_content.length > 0) out += this.reasoningDelta(delta.reasoning_content);
    if (delta.reasoning_details?.length) {
      out += this.openReasoning();
      this.reasoning?.details.push(...delta.reasoning_details);
    }
    if (typeof delta.content === 'string' && delta.content.length > 0) out += this.textDelta(delta.content);
    for (const tc of delta.tool_calls ?? []) out += this.toolDelta(tc.index, tc.id, tc.function?.name, tc.function?.arguments);
    if (choice.finish_reason) this.finish = choice.finish_reason;
    return out;
  }

  end(): string {
    let out = this.closeReasoning() + this.closeText();
    for (const call of this.calls.values()) out += this.closeCall(call);
    const { status, incomplete } = finalStatus(this.finish ?? 'stop');
    const response = responseObject(this.ctx, status, [], toResponsesUsage(this.usage), incomplete ? { incomplete } : {});
    const type = status === 'incomplete' ? 'response.incomplete' : 'response.completed';
    this.finalJson = withOutput(JSON.stringify(response), `[${this.closedJson.join(',')}]`);
    return out + this.evJson(type, `{"response":${this.finalJson}}`);
  }

  final(): string | null {
    return this.finalJson;
  }

  error(err: SwitchyardError): string {
    const e = openAiError(err);
    const response = responseObject(this.ctx, 'failed', this.output, toResponsesUsage(this.usage), {
      error: { code: e.code, message: e.message },
    });
    return this.ev('error', { code: e.code, message: e.message, param: null }) + this.ev('response.failed', { response });
  }

  private openReasoning(): string {
    if (this.reasoning) return '';
    const out = this.closeText();
    const index = this.output.length;
    const item: ReasoningItem = { type: 'reasoning', id: this.ids.item('rs', index), summary: [] };
    this.output.push(item);
    this.reasoning = { index, item, text: '', details: [], partOpen: false };
    return out + this.ev('response.output_item.added', { output_index: index, item: { ...item, summary: [] } });
  }

  private reasoningDelta(delta: string): string {
    let out = this.openReasoning();
    const r = this.reasoning as OpenReasoning;
    if (!r.partOpen) {
      r.partOpen = true;
      out += this.ev('response.reasoning_summary_part.added', {
        item_id: r.item.id,
        output_index: r.index,
        summary_index: 0,
        part: { type: 'summary_text', text: '' },
      });
    }
    r.text += delta;
    return out + this.ev('response.reasoning_summary_text.delta', {
      item_id: r.item.id,
      output_index: r.index,
      summary_index: 0,
      delta,
    });
  }

  private closeReasoning(): string {
    const r = this.reasoning;
    if (!r) return '';
    this.reasoning = null;
    const sealed = this.ctx.seal?.({ text: r.text || undefined, details: r.details.length > 0 ? r.details : undefined });
    if (sealed) r.item.encrypted_content = sealed;
    if (!r.partOpen) return this.itemDone(r.index, r.item);
    const part = { type: 'summary_text' as const, text: r.text };
    r.item.summary = [part];
    const at = { item_id: r.item.id, output_index: r.index, summary_index: 0 };
    return (
      this.ev('response.reasoning_summary_text.done', { ...at, text: r.text }) +
      this.ev('response.reasoning_summary_part.done', { ...at, part }) +
      this.itemDone(r.index, r.item)
    );
  }

  private textDelta(delta: string): string {
    let out = this.closeReasoning();
    if (!this.text) {
      const index = this.output.length;
      const item: MessageItem = { type: 'message', id: this.ids.item('msg', index), status: 'in_progress', role: 'assistant', content: [] };
      this.output.push(item);
      this.text = { index, item, text: '', quotedId: JSON.stringify(item.id) };
      out += this.ev('response.output_item.added', { output_index: index, item: { ...item, content: [] } });
      out += this.ev('response.content_part.added', {
        item_id: item.id,
        output_index: index,
        content_index: 0,
        part: { type: 'output_text', text: '', annotations: [], logprobs: [] },
      });
    }
    this.text.text += delta;
    // The most frequent event, written directly: the same bytes as ev() would produce.
    const t = this.text;
    const data = `{"type":"response.output_text.delta","sequence_number":${this.seq++},"item_id":${t.quotedId},"output_index":${t.index},"content_index":0,"delta":${JSON.stringify(delta)},"logprobs":[]}`;
    return `${out}event: response.output_text.delta\ndata: ${data}\n\n`;
  }

  private toolDelta(chatIndex: number, id: string | undefined, name: string | undefined, args: string | undefined): string {
    let out = '';
    let call = this.calls.get(chatIndex);
    if (!call) {
      out += this.closeReasoning() + this.closeText();
      const index = this.output.length;
      const item: FunctionCallItem = {
        type: 'function_call',
        id: this.ids.item('fc', index),
        call_id: id ?? `call_${this.ids.response.slice(5)}_${index}`,
        name: name ?? '',
        arguments: '',
        status: 'in_progress',
      };
      this.output.push(item);
      call = { index, item, done: false };
      this.calls.set(chatIndex, call);
      out += this.ev('response.output_item.added', { output_index: index, item: { ...item } });
    } else if (name && !call.item.name) {
      call.item.name = name;
    }
    if (args) {
      call.item.arguments += args;
      out += this.ev('response.function_call_arguments.delta', { item_id: call.item.id, output_index: call.index, delta: args });
    }
    return out;
  }

  private closeText(): string {
    const t = this.text;
    if (!t) return '';
    this.text = null;
    const part = { type: 'output_text' as const, text: t.text, annotations: [], logprobs: [] };
    t.item.content = [part];
    t.item.status = 'completed';
    // The whole text appears in three events and the final response: serialised
    // once, the payloads written directly (the same bytes as JSON.stringify gives,
    // which a test holds).
    const at = `"item_id":${t.quotedId},"output_index":${t.index},"content_index":0`;
    const text = JSON.stringify(t.text);
    const partJson = `{"type":"output_text","text":${text},"annotations":[],"logprobs":[]}`;
    const itemJson = `{"type":"message","id":${t.quotedId},"status":"completed","role":"assistant","content":[${partJson}]}`;
    this.closedJson[t.index] = itemJson;
    return (
      this.evJson('response.output_text.done', `{${at},"text":${text},"logprobs":[]}`) +
      this.evJson('response.content_part.done', `{${at},"part":${partJson}}`) +
      this.evJson('response.output_item.done', `{"output_index":${t.index},"item":${itemJson}}`)
    );
  }

  private closeCall(call: OpenCall): string {
    if (call.done) return '';
    call.done = true;
    call.item.status = 'completed';
    return (
      this.ev('response.function_call_arguments.done', {
        item_id: call.item.id,
        output_index: call.index,
        name: call.item.name,
        arguments: call.item.arguments,
      }) + this.itemDone(call.index, call.item)
    );
  }

  private itemDone(index: number, item: OutputItem): string {
    const json = JSON.stringify(item);
    this.closedJson[index] = json;
    return this.evJson('response.output_item.done', `{"output_index":${index},"item":${json}}`);
  }

  /** `type` is one of our event names (plain ASCII); the payload keys follow `type` and `sequence_number`. */
  private ev(type: string, payload: Record<string, unknown>): string {
    return this.evJson(type, JSON.stringify(payload));
  }

  /** `rest` is the payload already serialised: a JSON object. */
  private evJson(type: string, rest: string): string {
    const data = `{"type":"${type}","sequence_number":${this.seq++}${rest.length > 2 ? ',' : ''}${rest.slice(1)}`;
    return `event: ${type}\ndata: ${data}\n\n`;
  }
}

const EMPTY_OUTPUT = '"output":[]';

/**
 * A serialised response object with `output` (serialised as `[]`) replaced.
 * The first `"output":[]` is the key itself: the fields before it are strings,
 * numbers, null and small objects without such a key, and a quote inside a
 * string is escaped.
 */
function withOutput(responseJson: string, outputJson: string): string {
  const at = responseJson.indexOf(EMPTY_OUTPUT);
  return responseJson.slice(0, at) + '"output":' + outputJson + responseJson.slice(at + EMPTY_OUTPUT.length);
}
