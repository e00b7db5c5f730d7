/**
 * Reads a request body of at most `maxBytes` (null when over). The declared length is checked first
 * so a huge upload is refused unread; a body that turns out larger than declared stops being kept
 * once it passes the limit, so no sender can make Tower buffer more than `maxBytes`.
 */
import type { IncomingMessage } from 'node:http';

export function readBoundedBody(req: IncomingMessage, maxBytes: number): Promise<string | null> {
  if (Number(req.headers['content-length'] ?? '0') > maxBytes) {
    req.resume();
    return Promise.resolve(null);
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > maxBytes ? null : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
