import { afterEach, describe, expect, it } from 'vitest';
import { startModelStandIn } from './model-stand-in';
import type { ModelStandIn } from './model-stand-in';

interface SseEvent {
  readonly event: string;
  readonly data: Record<string, unknown>;
}

async function postSse(url: string, body: unknown): Promise<SseEvent[]> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/event-stream');
  const text = await res.text();
  return text
    .split('\n\n')
    .filter((frame) => frame.trim().length > 0)
    .map((frame) => {
      const event = /^event: (.*)$/m.exec(frame)?.[1] ?? '';
      const data = JSON.parse(/^data: (.*)$/m.exec(frame)?.[1] ?? '{}') as Record<string, unknown>;
      return { event, data };
    });
}

// The shape Claude Code 2.1.330 sends (trimmed): streaming, tools including Bash.
const claudeRequest = (messages: unknown[]): unknown => ({
  model: 'claude-opus-5-5',
  stream: true,
  max_tokens: 32000,
  system: [{ type: 'text', text: 'You are Claude Code' }],
  tools: [{ name: 'Bash', input_schema: { type: 'object' } }, { name: 'Read' }],
  messages,
});

describe('model stand-in', () => {
  let standIn: ModelStandIn | undefined;
  afterEach(async () => {
    await standIn?.close();
  });

  it('answers a Claude main-loop request with the scripted Bash tool_use over SSE, then the final text', async () => {
    standIn = await startModelStandIn({
      script: [
        { kind: 'bash', command: 'touch /tmp/x', description: 'Create x' },
        { kind: 'text', text: 'Done.' },
      ],
    });
    const url = `${standIn.url}/v1/messages`;

    // A helper call (no tools: title generation) must not consume the script.
    const helper = await postSse(url, { model: 'claude-haiku', stream: true, messages: [] });
    expect(helper.map((e) => e.event)).toContain('message_stop');

    const first = await postSse(url, claudeRequest([{ role: 'user', content: 'touch x' }]));
    expect(first.map((e) => e.event)).toEqual([
      'message_start',
      'ping',
      'content_block_start',
      'content_block_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    const start = first.find((e) => e.event === 'content_block_start')?.data['content_block'] as {
      type: string;
      name: string;
      id: string;
    };
    expect(start).toMatchObject({ type: 'tool_use', name: 'Bash' });
    const delta = first.find((e) => e.event === 'content_block_delta')?.data['delta'] as {
      partial_json: string;
    };
    expect(JSON.parse(delta.partial_json)).toEqual({ command: 'touch /tmp/x', description: 'Create x' });
    const stop = first.find((e) => e.event === 'message_delta')?.data['delta'] as { stop_reason: string };
    expect(stop.stop_reason).toBe('tool_use');

    const second = await postSse(
      url,
      claudeRequest([
        { role: 'user', content: 'touch x' },
        { role: 'assistant', content: [{ type: 'tool_use', id: start.id, name: 'Bash', input: {} }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: start.id, content: '' }] },
      ]),
    );
    const text = second.find((e) => e.event === 'content_block_delta')?.data['delta'] as { text: string };
    expect(text.text).toBe('Done.');

    expect(standIn.requests.map((r) => r.role)).toEqual([
      'anthropic-helper',
      'anthropic-main',
      'anthropic-main',
    ]);
    const last = standIn.requests.at(-1)?.body as { messages: { content: unknown }[] };
    expect(JSON.stringify(last.messages.at(-1)?.content)).toContain('tool_result');
    expect(standIn.remaining()).toEqual([]);
  });

  it('answers a Codex Responses request with an escalated exec_command call', async () => {
    standIn = await startModelStandIn({
      script: [{ kind: 'bash', command: 'touch /tmp/y', description: 'Make y' }],
    });
    const events = await postSse(`${standIn.url}/v1/responses`, {
      model: 'gpt-5-codex',
      stream: true,
      tools: [{ type: 'function', name: 'exec_command' }],
      input: [],
    });
    expect(events.at(-1)?.event).toBe('response.completed');
    const item = events.find((e) => e.event === 'response.output_item.done')?.data['item'] as {
      name: string;
      arguments: string;
    };
    expect(item.name).toBe('exec_command');
    expect(JSON.parse(item.arguments)).toEqual({
      cmd: 'touch /tmp/y',
      sandbox_permissions: 'require_escalated',
      justification: 'Make y',
    });
  });

  it('answers a non-streaming Messages request with a JSON message', async () => {
    standIn = await startModelStandIn({ script: [{ kind: 'text', text: 'Plain.' }] });
    const res = await fetch(`${standIn.url}/v1/messages`, {
      method: 'POST',
      body: JSON.stringify({ ...(claudeRequest([]) as object), stream: false }),
    });
    expect(await res.json()).toMatchObject({
      type: 'message',
      role: 'assistant',
      content: [{ type: 'text', text: 'Plain.' }],
      stop_reason: 'end_turn',
    });
  });

  it('serves scripted HTTP errors the given number of times', async () => {
    standIn = await startModelStandIn({ script: [{ kind: 'error', status: 529, times: 2 }] });
    const post = (): Promise<Response> =>
      fetch(`${standIn!.url}/v1/messages`, { method: 'POST', body: JSON.stringify(claudeRequest([])) });
    expect((await post()).status).toBe(529);
    expect((await post()).status).toBe(529);
    expect((await post()).status).toBe(200);
  });
});
