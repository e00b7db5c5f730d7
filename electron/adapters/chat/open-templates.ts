/**
 * The agent templates `/open <name>` may start, from a file the owner edits at the Mac
 * (`$TOWER_HOME/open-templates.json`). Only these run from chat: a name picks one, nothing else
 * (no argv, folder or program) ever comes from a message. A missing file means no templates; a
 * malformed one is refused whole with the reason, so a typo cannot half-apply.
 *
 * { "templates": [ { "name": "api", "command": ["claude"], "cwd": "/Users/me/api", "provider": "tmux" } ] }
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { OpenTemplate } from '../../core/chat/pool-commands';

const templateSchema = z
  .object({
    name: z.string().regex(/^[a-z][a-z0-9-]{0,30}$/, 'lowercase letters, digits and dashes, at most 31'),
    command: z.array(z.string().min(1).max(4_000)).min(1).max(100),
    cwd: z.string().startsWith('/', 'an absolute path').max(4_000).optional(),
    provider: z.enum(['tmux', 'pty']).optional(),
    title: z.string().max(200).optional(),
  })
  .strict();

const fileSchema = z
  .object({ templates: z.array(templateSchema).max(50) })
  .strict()
  .refine(
    (f) => new Set(f.templates.map((t) => t.name)).size === f.templates.length,
    'template names repeat',
  );

/** Reads the templates; [] when the file does not exist; throws with the reason when it is malformed. */
export async function loadOpenTemplates(path: string): Promise<readonly OpenTemplate[]> {
  let raw: string;
  try {
    raw = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new Error(`${path} is not valid JSON`);
  }
  const parsed = fileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${path}: ${issue?.path.join('.') || 'file'}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data.templates;
}
