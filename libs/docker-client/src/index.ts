// Public API of @lava/docker-client: the one Docker client helper of the docker job type, the
// worker's reaper and the local endpoint's ECS tasks (a util lib, so plugins and tooling share it).
export {
  DEFAULT_DOCKER_SOCKET,
  DockerUnavailableError,
  alreadyGone,
  assertDockerAnswers,
  createDockerClient,
  dockerOptions,
  listLabelled,
  removeContainer,
  removeLabelledContainers,
  type DockerClientOptions,
} from './docker-client';
export type { default as Docker } from 'dockerode';
