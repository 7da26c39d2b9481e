// Runs the container's command line as the image would (Dockerfile ENTRYPOINT +
// the k8s args), from the repository root as the image's WORKDIR, with a bad
// HTTP_PORT: the process must get as far as market-data's config check and stop
// there naming the variable, which proves `serve market-data` is a real command
// that boots that service, without opening any server.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { CONTAINER_ARGS, k8sMarketData } from './deployment-checks';
import { readDeploymentFiles } from './deployment-files';
import { listAt } from './deployment-views';

const root = join(__dirname, '..', '..');

describe('container command', () => {
  it('reaches the market-data config check and names the bad variable', () => {
    const files = readDeploymentFiles(root);
    const entrypoint = JSON.parse(/^ENTRYPOINT\s+(\[.*\])\s*$/m.exec(files.dockerfile)?.[1] ?? '[]') as string[];
    const args = listAt(k8sMarketData(files).container, 'args').map(String);
    expect(args).toEqual(CONTAINER_ARGS);
    const [program, ...programArgs] = entrypoint;
    expect(program).toBe('node');

    const run = spawnSync(process.execPath, [...programArgs, ...args], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', HTTP_PORT: 'not-a-port' },
      encoding: 'utf8',
      timeout: 60_000,
    });

    expect(run.signal).toBeNull();
    expect(run.stderr).not.toMatch(/unknown service/);
    expect(run.stderr).toBe('trading: HTTP_PORT: expected an integer from 0 to 65535, got "not-a-port"\n');
    expect(run.status).toBe(2);
  });
});
