// Checks only market-data needs: every bar file MARKET_DATA_FILES names, in
// compose and in k8s, exists in the repository and is copied into the image
// at the path the service reads it from.
import { fileExists, type DeploymentFiles } from './deployment-files';
import { dockerCopies, environmentsOf } from './deployment-checks';
import { stripDotSlash } from './deployment-views';
import type { ServiceShape } from './service-deployment';

export function checkFeedFiles(files: DeploymentFiles, shape: ServiceShape, feedFilesOf: (environment: Readonly<Record<string, string>>) => readonly string[]): string[] {
  const problems: string[] = [];
  const copied = dockerCopies(files.dockerfile);
  const workdir = /^WORKDIR\s+(\S+)\s*$/m.exec(files.dockerfile)?.[1];
  for (const [where, environment] of environmentsOf(files, shape.name)) {
    let feedFiles: readonly string[];
    try {
      feedFiles = feedFilesOf(environment);
    } catch {
      continue; // reported by the environment checks
    }
    for (const path of feedFiles) {
      if (path.startsWith('/')) {
        problems.push(`${where}: MARKET_DATA_FILES entry ${path} is absolute; use a path relative to the image's WORKDIR (${workdir ?? 'unset'}), checked against the repository`);
        continue;
      }
      if (!fileExists(files.root, path)) problems.push(`${where}: MARKET_DATA_FILES entry ${path} does not exist in the repository`);
      const top = path.split('/')[0];
      if (!copied.includes(top)) problems.push(`${where}: MARKET_DATA_FILES entry ${path} is not in the image (the Dockerfile copies ${copied.join(', ')})`);
      if (files.dockerignore.some((pattern) => stripDotSlash(pattern).replace(/\/$/, '') === top)) problems.push(`.dockerignore excludes ${top}/, which MARKET_DATA_FILES (${where}) reads`);
    }
  }
  if (workdir !== '/app') problems.push(`Dockerfile: WORKDIR is ${workdir ?? 'unset'}; MARKET_DATA_FILES paths are relative to /app`);
  return problems;
}
