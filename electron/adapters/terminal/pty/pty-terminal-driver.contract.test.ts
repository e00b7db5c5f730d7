import { describeTerminalDriverContract } from '../../../core/testing/terminal-driver.contract';
import { PtyTerminalDriver } from './pty-terminal-driver';

describeTerminalDriverContract('node-pty', () => new PtyTerminalDriver({ closeGraceMs: 300 }));
