// electron-builder afterPack hook: makes node-pty's spawn-helper executable in the packed app.
// node-pty 1.1.0's npm tarball has prebuilds/darwin-*/spawn-helper at mode 0644, and a pty then fails
// with "posix_spawnp failed". Runs before signing, so the signature covers the fixed mode.
import { chmodSync, existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Every spawn-helper under an unpacked node-pty, made 0755. Returns the paths fixed. */
export function fixSpawnHelpers(unpackedNodePty) {
  const fixed = [];
  for (const dir of ['prebuilds', join('build', 'Release')]) {
    const root = join(unpackedNodePty, dir);
    if (!existsSync(root)) continue;
    const candidates =
      dir === 'prebuilds'
        ? readdirSync(root).map((d) => join(root, d, 'spawn-helper'))
        : [join(root, 'spawn-helper')];
    for (const file of candidates) {
      if (!existsSync(file)) continue;
      if ((statSync(file).mode & 0o111) !== 0o111) {
        chmodSync(file, 0o755);
        fixed.push(file);
      }
    }
  }
  return fixed;
}

export default async function afterPack(context) {
  if (context.electronPlatformName !== 'darwin') return;
  const app = `${context.packager.appInfo.productFilename}.app`;
  const nodePty = join(
    context.appOutDir,
    app,
    'Contents',
    'Resources',
    'app.asar.unpacked',
    'node_modules',
    'node-pty',
  );
  if (!existsSync(nodePty)) throw new Error(`node-pty is not unpacked at ${nodePty}: check asarUnpack`);
  const fixed = fixSpawnHelpers(nodePty);
  console.log(
    `afterPack: spawn-helper made executable: ${fixed.length === 0 ? 'already' : fixed.join(', ')}`,
  );
}
