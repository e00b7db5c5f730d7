import type { ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { ScriptStep } from './model-stand-in';
import { sendJson, sleep, startSse } from './model-stand-in-http';

interface ToolDecl {
  readonly type?: string;
  readonly name?: string;
}

/**
 * Whether a Responses request comes from Codex's main turn loop (it offers tools); helper calls
 * such as compaction summaries offer none and must not consume script steps.
 */
export function isOpenAiMain(body: unknown): boolean {
  const tools = (body as { tools?: unknown } | undefined)?.tools;
  return Array.isArray(tools) && tools.length > 0;
}

function toolNames(body: unknown): string[] {
  const tools = ((body as { tools?: unknown } | undefined)?.tools ?? []) as ToolDecl[];
  return tools.map((t) => t.name ?? t.type ?? '');
}

/**
 * Build the function-call item that asks Codex to run a shell command, matching whichever shell tool
 * the request offers (Codex has shipped `shell`, `shell_command` and `exec_command` over time).
 */
function shellCall(body: unknown, command: string, justification?: string): Record<string, unknown> {
  const names = toolNames(body);
  const callId = `call_${randomUUID().replaceAll('-', '').slice(0, 24)}`;
  const base = { type: 'function_call', id: `fc_${callId.slice(5)}`, call_id: callId, status: 'completed' };
  // Under on-request + workspace-write Codex runs plain commands without asking; asking for an
  // unsandboxed run (require_escalated) is what makes 0.169 show its approval prompt.
  const escalate = justification ? { sandbox_permissions: 'require_escalated', justification } : {};
  if (names.includes('exec_command')) {
    return { ...base, name: 'exec_command', arguments: JSON.stringify({ cmd: command, ...escalate }) };
  }
  if (names.includes('shell_command')) {
    return { ...base, name: 'shell_command', arguments: JSON.stringify({ command, ...escalate }) };
  }
  return {
    ...base,
    name: 'shell',
    arguments: JSON.stringify({ command: ['bash', '-lc', command], ...escalate }),
  };
}

/** A unified-diff-like apply_patch body that creates or edits a file. */
function patchText(step: Extract<ScriptStep, { kind: 'write' | 'edit' }>): string {
  if (step.kind === 'write') {
    const lines = step.content.replace(/\n$/, '').split('\n');
    return [
      '*** Begin Patch',
      `*** Add File: ${step.filePath}`,
      ...lines.map((l) => `+${l}`),
      '*** End Patch',
    ].join('\n');
  }
  return [
    '*** Begin Patch',
    `*** Update File: ${step.filePath}`,
    '@@',
    ...step.oldString.split('\n').map((l) => `-${l}`),
    ...step.newString.split('\n').map((l) => `+${l}`),
    '*** End Patch',
  ].join('\n');
}

function patchCall(
  body: unknown,
  step: Extract<ScriptStep, { kind: 'write' | 'edit' }>,
): Record<string, unknown> {
  const callId = `call_${randomUUID().replaceAll('-', '').slice(0, 24)}`;
  const tools = ((body as { tools?: unknown } | undefined)?.tools ?? []) as ToolDecl[];
  const patch = tools.find((t) => t.name === 'apply_patch');
  // Codex declares apply_patch either as a freeform "custom" tool (raw patch input) or as a function.
  if (patch?.type === 'custom') {
    return {
      type: 'custom_tool_call',
      id: `ctc_${callId.slice(5)}`,
      call_id: callId,
      name: 'apply_patch',
      input: patchText(step),
      status: 'completed',
    };
  }
  if (patch) {
    return {
      type: 'function_call',
      id: `fc_${callId.slice(5)}`,
      call_id: callId,
      name: 'apply_patch',
      arguments: JSON.stringify({ input: patchText(step) }),
      status: 'completed',
    };
  }
  // 0.169 offers no apply_patch tool to a custom provider; Codex intercepts `apply_patch` run through
  // its shell tool and turns it into a patch approval instead.
  return shellCall(body, `apply_patch <<'PATCH'\n${patchText(step)}\nPATCH`);
}

function messageItem(text: string): Record<string, unknown> {
  return {
    type: 'message',
    id: `msg_${randomUUID().replaceAll('-', '').slice(0, 24)}`,
    role: 'assistant',
    status: 'completed',
    content: [{ type: 'output_text', text, annotations: [] }],
  };
}

/** Answer one `/v1/responses` request with a script step as a Responses-API SSE stream. */
export async function openAiReply(res: ServerResponse, body: unknown, step: ScriptStep): Promise<void> {
  if (step.kind === 'error') {
    res.setHeader('retry-after', '1');
    return sendJson(res, step.status, {
      error: {
        message: step.message ?? `Stand-in ${step.status}`,
        type: step.status === 429 ? 'rate_limit_exceeded' : 'server_error',
        code: step.status === 429 ? 'rate_limit_exceeded' : null,
      },
    });
  }
  if (step.delayMs) await sleep(step.delayMs);
  const model = (body as { model?: string } | undefined)?.model ?? 'stand-in';
  let item: Record<string, unknown>;
  switch (step.kind) {
    case 'text':
      item = messageItem(step.text);
      break;
    case 'bash':
      item = shellCall(
        body,
        step.command,
        step.escalate === false ? undefined : (step.description ?? 'Run it'),
      );
      break;
    case 'write':
    case 'edit':
      item = patchCall(body, step);
      break;
    case 'tool': {
      const callId = `call_${randomUUID().replaceAll('-', '').slice(0, 24)}`;
      item = {
        type: 'function_call',
        id: `fc_${callId.slice(5)}`,
        call_id: callId,
        name: step.name,
        arguments: JSON.stringify(step.input),
        status: 'completed',
      };
      break;
    }
    case 'read':
      item = shellCall(body, `cat ${step.filePath}`);
      break;
    case 'webfetch':
      // Codex has no fetch tool; curl through the shell is the nearest equivalent approval.
      item = shellCall(body, `curl -s ${step.url}`);
      break;
  }
  const id = `resp_${randomUUID().replaceAll('-', '')}`;
  const response = {
    id,
    object: 'response',
    created_at: Math.floor(Date.now() / 1000),
    model,
    status: 'in_progress',
  };
  const send = startSse(res);
  let seq = 0;
  const emit = (type: string, data: Record<string, unknown>): void => {
    send(type, { type, sequence_number: seq++, ...data });
  };
  emit('response.created', { response: { ...response, output: [] } });
  emit('response.in_progress', { response: { ...response, output: [] } });
  emit('response.output_item.added', { output_index: 0, item: { ...item, status: 'in_progress' } });
  if (step.kind === 'text') {
    emit('response.output_text.delta', {
      item_id: item['id'],
      output_index: 0,
      content_index: 0,
      delta: step.text,
    });
    emit('response.output_text.done', {
      item_id: item['id'],
      output_index: 0,
      content_index: 0,
      text: step.text,
    });
  }
  emit('response.output_item.done', { output_index: 0, item });
  emit('response.completed', {
    response: {
      ...response,
      status: 'completed',
      output: [item],
      usage: {
        input_tokens: 100,
        input_tokens_details: { cached_tokens: 0 },
        output_tokens: 20,
        output_tokens_details: { reasoning_tokens: 0 },
        total_tokens: 120,
      },
    },
  });
  res.end();
}
