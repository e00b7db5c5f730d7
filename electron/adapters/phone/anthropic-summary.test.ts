import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startModelStandIn, type ModelStandIn } from '../../../test/agents/model-stand-in';
import { bashPrompt, session } from '../../core/phone/testing/phone-fakes';
import { AnthropicSummaryWriter } from './anthropic-summary';

let standIn: ModelStandIn;
beforeAll(async () => {
  standIn = await startModelStandIn();
});
afterAll(async () => {
  await standIn.close();
});

const snapshot = {
  sessions: [session(1), session(2, { state: 'permission', prompt: bashPrompt('npm install lodash') })],
  approvals: [],
  lockdown: false,
  version: 3,
};

describe('AnthropicSummaryWriter', () => {
  it('asks the Messages API with structured state only and returns its text', async () => {
    const writer = new AnthropicSummaryWriter({
      apiKey: 'sk-ant-test',
      baseUrl: standIn.url,
      model: 'claude-haiku-test',
    });
    expect(await writer.summarize(snapshot)).toBe('Stand-in session');
    const sent = standIn.requests.find((r) => r.role === 'anthropic-helper');
    const text = JSON.stringify(sent);
    expect(text).toContain('npm install lodash');
    expect(text).not.toContain('SECRET SCREEN TEXT');
  });

  it('fails (so the template stays) when the model is unreachable', async () => {
    const writer = new AnthropicSummaryWriter({
      apiKey: 'k',
      baseUrl: 'http://127.0.0.1:9',
      timeoutMs: 2_000,
    });
    await expect(writer.summarize(snapshot)).rejects.toThrow();
  });
});
