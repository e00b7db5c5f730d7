/**
 * Runs one resource measurement in a fresh process (so earlier bench runs do not inflate RSS) and
 * prints it as JSON on the last line: `resources-child.ts <tmux|pty> <sessions> <windowMs>`.
 */
import { measureResources } from './resources';

// A rejection while the fleet is torn down (seen: the harness deletes its home while the audit log
// still writes) must not lose the figures already taken; it is reported on stderr.
process.on('unhandledRejection', (error) => {
  process.stderr.write(`resources: unhandled rejection: ${String(error).slice(0, 300)}\n`);
});

const [provider, sessions, windowMs] = process.argv.slice(2);
if (provider !== 'tmux' && provider !== 'pty') throw new Error('usage: resources-child.ts tmux|pty N MS');
const result = await measureResources(provider, Number(sessions), Number(windowMs));
process.stdout.write(`\n${JSON.stringify(result)}\n`);
