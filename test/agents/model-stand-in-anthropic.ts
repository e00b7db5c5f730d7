import type { ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { ScriptStep } from './model-stand-in';
import { sendJson, sleep } from './model-stand-in-http';

interface ContentBlockText {
  readonly type: 'text';
  readonly text: string;
}
interface ContentBlockToolUse {
  readonly type: 'tool_use';
  readonly id: string;
  readonly name: string;
  readonly input: Record<string, unknown>;
}
type ContentBlock = ContentBlockText | ContentBlockToolUse;

/**
 * Whether an Anthropic Messages request comes from Claude Code's main loop.
 *
 * The main loop always offers the `Bash` tool; helper calls (session title, topic, summaries on the
 * small fast model) send no tools, so they must not consume script steps.
 */
export function isAnthropicMain(body: unknown): boolean {
  const tools = (body as { tools?: unknown } | undefined)?.tools;
  return Array.isArray(tools) && tools.some((t) => (t as { name?: unknown }).name === 'Bash');
}

/** Content blocks Claude Code should see for one script step. */
export function anthropicBlocks(step: ScriptStep): ContentBlock[] {
  const id = `toolu_${randomUUID().replaceAll('-', '').slice(0, 24)}`;
  switch (step.kind) {
    case 'text':
      return [{ type: 'text', text: step.text }];
    case 'bash':
      return [
        {
          type: 'tool_use',
          id,
          name: 'Bash',
          input: { command: step.command, description: step.description ?? 'Run the requested command' },
        },
      ];
    case 'write':
      return [
        { type: 'tool_use', id, name: 'Write', input: { file_path: step.filePath, content: step.content } },
      ];
    case 'edit':
      return [
        {
          type: 'tool_use',
          id,
          name: 'Edit',
          input: { file_path: step.filePath, old_string: step.oldString, new_string: step.newString },
        },
      ];
    case 'tool':
      return [{ type: 'tool_use', id, name: step.name, input: { ...step.input } }];
    case 'read':
      return [{ type: 'tool_use', id, name: 'Read', input: { file_path: step.filePath } }];
    case 'webfetch':
      return [{ type: 'tool_use', id, name: 'WebFetch', input: { url: step.url, prompt: step.prompt } }];
    case 'error':
      return [];
  }
}

/**
 * Answer one `/v1/messages` request with a script step: SSE when `stream: true` (how Claude Code asks),
 * plain JSON otherwise, or an Anthropic-shaped HTTP error for `error` steps.
 */
export async function anthropicReply(res: ServerResponse, body: unknown, step: ScriptStep): Promise<void> {
  if (step.kind === 'error') {
    const type =
      step.status === 529
        ? 'overloaded_error'
        : step.status === 429
          ? 'rate_limit_error'
          : step.status >= 500
            ? 'api_error'
            : 'invalid_request_error';
    // Claude Code reads retry-after on 429; keep it short so retries do not stall the test.
    res.setHeader('retry-after', '1');
    for (const [name, value] of Object.entries(step.headers ?? {})) res.setHeader(name, value);
    return sendJson(res, step.status, {
      type: 'error',
      error: { type, message: step.message ?? `Stand-in ${step.status}` },
    });
  }
  if (step.delayMs) await sleep(step.delayMs);
  const request = (body ?? {}) as { model?: string; stream?: boolean };
  const model = request.model ?? 'claude-stand-in';
  const blocks = anthropicBlocks(step);
  const stopReason = blocks.some((b) => b.type === 'tool_use') ? 'tool_use' : 'end_turn';
  const message = {
    id: `msg_${randomUUID().replaceAll('-', '').slice(0, 24)}`,
    type: 'message',
    role: 'assistant',
    model,
    content: [] as ContentBlock[],
    stop_reason: null as string | null,
    stop_sequence: null,
    usage: {
      input_tokens: 100,
      output_tokens: 1,
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 0,
    },
  };
  if (!request.stream) {
    return sendJson(res, 200, {
      ...message,
      content: blocks,
      stop_reason: stopReason,
      usage: { ...message.usage, output_tokens: 20 },
    });
  }
  res.writeHead(200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
    'request-id': `req_${randomUUID()}`,
  });
  const send = (event: string, data: unknown): void => {
    res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  };
  send('message_start', { type: 'message_start', message });
  send('ping', { type: 'ping' });
  blocks.forEach((block, index) => {
    if (block.type === 'text') {
      send('content_block_start', {
        type: 'content_block_start',
        index,
        content_block: { type: 'text', text: '' },
      });
      send('content_block_delta', {
        type: 'content_block_delta',
        index,
        delta: { type: 'text_delta', text: block.text },
      });
    } else {
      send('content_block_start', {
        type: 'content_block_start',
        index,
        content_block: { type: 'tool_use', id: block.id, name: block.name, input: {} },
      });
      send('content_block_delta', {
        type: 'content_block_delta',
        index,
        delta: { type: 'input_json_delta', partial_json: JSON.stringify(block.input) },
      });
    }
    send('content_block_stop', { type: 'content_block_stop', index });
  });
  send('message_delta', {
    type: 'message_delta',
    delta: { stop_reason: stopReason, stop_sequence: null },
    usage: { output_tokens: 20 },
  });
  send('message_stop', { type: 'message_stop' });
  res.end();
}
