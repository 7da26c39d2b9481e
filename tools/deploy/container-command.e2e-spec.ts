// Runs each checked service's container command line as the image would
// (Dockerfile ENTRYPOINT + the k8s args), from the repository root as the
// image's WORKDIR, with a bad HTTP_PORT: the process must get as far as the
// service's config check and stop there naming the variable, which proves
// `serve <name>` is a real command that boots that service, without opening
// any server.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { k8sOf } from './deployment-checks';
import { readDeploymentFiles } from './deployment-files';
import { listAt } from './deployment-views';
import { serviceDeployments } from './service-entries';

const root = join(__dirname, '..', '..');

describe.each(serviceDeployments().map((entry) => [entry.name, entry.args] as const))('container command of %s', (name, expectedArgs) => {
  it('reaches the config check and names the bad variable', () => {
    const files = readDeploymentFiles(root);
    const entrypoint = JSON.parse(/^ENTRYPOINT\s+(\[.*\])\s*$/m.exec(files.dockerfile)?.[1] ?? '[]') as string[];
    const args = listAt(k8sOf(files, name).container, 'args').map(String);
    expect(args).toEqual(expectedArgs);
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
