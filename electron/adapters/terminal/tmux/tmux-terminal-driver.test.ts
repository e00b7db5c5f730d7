import { describeTerminalDriverContract } from '../../../core/testing/terminal-driver.contract';
import { removeTestServer, testDriver, testSocketName } from './tmux-test-server';

const socket = testSocketName('contract');

describeTerminalDriverContract('tmux', () => testDriver(socket), {
  teardown: () => removeTestServer(socket),
});
