/**
 * Runs one resource measurement in a fresh process (so earlier bench runs do not inflate RSS) and
 * prints it as JSON on the last line: `resources-child.ts <tmux|pty> <sessions> <windowMs>`.
 */
import { measureResources } from './resources';

const [provider, sessions, windowMs] = process.argv.slice(2);
if (provider !== 'tmux' && provider !== 'pty') throw new Error('usage: resources-child.ts tmux|pty N MS');
const result = await measureResources(provider, Number(sessions), Number(windowMs));
process.stdout.write(`\n${JSON.stringify(result)}\n`);
