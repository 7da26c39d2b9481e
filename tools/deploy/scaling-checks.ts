// How many pods each service runs, checked against its shape: a single-pod
// service (a feed, or the owner of in-memory state rebuilt from a journal) has
// one replica replaced with `Recreate`, so two never run at once, and no
// autoscaler; an autoscaled one has exactly one autoscaling/v2 HPA on CPU with
// the shape's bounds, CPU requests for the HPA to measure against, and no
// `replicas` in its Deployment (a re-apply would reset the HPA's count).
import type { DeploymentFiles, JsonObject } from './deployment-files';
import { field, k8sContainer, k8sDocuments, k8sNamed, listAt, objectAt, stringAt } from './deployment-views';
import type { ServiceShape } from './service-deployment';

export function autoscalersOf(files: DeploymentFiles, name: string): { file: string; document: JsonObject }[] {
  return k8sDocuments(files, 'HorizontalPodAutoscaler').filter((entry) => stringAt(entry.document, 'spec', 'scaleTargetRef', 'kind') === 'Deployment' && stringAt(entry.document, 'spec', 'scaleTargetRef', 'name') === name);
}

export function checkScaling(files: DeploymentFiles, shape: ServiceShape): string[] {
  const problems: string[] = [];
  const name = shape.name;
  const deployment = k8sNamed(files, 'Deployment', name);
  if (deployment === undefined) return [`k8s: no Deployment named "${name}"`];
  const { file, document } = deployment;
  const replicas = field(document, 'spec', 'replicas');
  const strategy = stringAt(document, 'spec', 'strategy', 'type');
  const autoscalers = autoscalersOf(files, name);
  const composeReplicas = field(objectAt(files.compose, 'services', name), 'deploy', 'replicas');
  if (typeof composeReplicas === 'number' && composeReplicas > 1) problems.push(`docker-compose.yml: ${name} runs ${composeReplicas} replicas, expected one`);

  if (shape.scaling.kind === 'single') {
    if (replicas !== 1) problems.push(`${file}: ${name} has replicas ${JSON.stringify(replicas)}, expected 1 (two would run at once)`);
    if (strategy !== 'Recreate') problems.push(`${file}: ${name} rolls out with ${JSON.stringify(strategy ?? 'RollingUpdate')}, expected Recreate (a rolling update runs the old and new pod together)`);
    for (const entry of autoscalers) problems.push(`${entry.file}: HPA ${stringAt(entry.document, 'metadata', 'name')} scales ${name}, which must run one pod`);
    return problems;
  }

  const { minReplicas, maxReplicas } = shape.scaling;
  if (replicas !== undefined) problems.push(`${file}: ${name} sets replicas ${JSON.stringify(replicas)}; its HPA owns the count (leave replicas out)`);
  if (autoscalers.length !== 1) {
    problems.push(`k8s: ${autoscalers.length} HorizontalPodAutoscalers scale ${name}, expected 1`);
    return problems;
  }
  const hpa = autoscalers[0];
  const where = `${hpa.file}: HPA ${stringAt(hpa.document, 'metadata', 'name')}`;
  if (stringAt(hpa.document, 'apiVersion') !== 'autoscaling/v2') problems.push(`${where} is ${stringAt(hpa.document, 'apiVersion')}, expected autoscaling/v2`);
  if (stringAt(hpa.document, 'spec', 'scaleTargetRef', 'apiVersion') !== 'apps/v1') problems.push(`${where} targets ${stringAt(hpa.document, 'spec', 'scaleTargetRef', 'apiVersion')}, expected apps/v1 Deployment ${name}`);
  if (field(hpa.document, 'spec', 'minReplicas') !== minReplicas || field(hpa.document, 'spec', 'maxReplicas') !== maxReplicas) {
    problems.push(`${where} scales ${name} from ${JSON.stringify(field(hpa.document, 'spec', 'minReplicas'))} to ${JSON.stringify(field(hpa.document, 'spec', 'maxReplicas'))}, expected ${minReplicas} to ${maxReplicas}`);
  }
  const cpu = listAt(hpa.document, 'spec', 'metrics').find((metric) => stringAt(metric, 'type') === 'Resource' && stringAt(metric, 'resource', 'name') === 'cpu');
  const utilization = field(cpu, 'resource', 'target', 'averageUtilization');
  if (stringAt(cpu, 'resource', 'target', 'type') !== 'Utilization' || typeof utilization !== 'number' || utilization <= 0 || utilization > 100) {
    problems.push(`${where} has no CPU Utilization target between 1 and 100 (got ${JSON.stringify(utilization)})`);
  }
  const request = stringAt(k8sContainer(document, name), 'resources', 'requests', 'cpu');
  if (request === undefined) problems.push(`${file}: ${name} requests no CPU, so its HPA has nothing to measure utilization against`);
  return problems;
}
