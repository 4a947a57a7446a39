import { JobFailedError } from '@lava/core';

/** The Docker engine could not be reached or refused a call (not the job's own failure). */
export class ContainerEngineError extends JobFailedError {
  override readonly name = 'ContainerEngineError';
  constructor(operation: string, detail: string, options?: { cause?: unknown }) {
    super('DOCKER_ENGINE_FAILED', `Docker ${operation} failed: ${detail}`, { exit_status: 1 }, options);
  }
}

/** Why a pull failed, as far as the engine's answer tells. */
export type PullFailure = 'unauthorized' | 'not-found' | 'unreachable' | 'other';

/** The image could not be pulled (bad or missing credentials, no such image, registry down). */
export class ImagePullError extends JobFailedError {
  override readonly name = 'ImagePullError';
  constructor(
    image: string,
    /** The engine's (or the explanation's) words, without the image prefix. */
    readonly detail: string,
    readonly failure: PullFailure = 'other',
    options?: { cause?: unknown },
  ) {
    super('DOCKER_PULL_FAILED', `Cannot pull docker image ${image}: ${detail}`, { exit_status: 1 }, options);
  }
}

/** The image is not on the engine and the pull policy is `never`. */
export class ImageMissingError extends JobFailedError {
  override readonly name = 'ImageMissingError';
  constructor(image: string) {
    super('DOCKER_IMAGE_MISSING', `Docker image ${image} is not on the engine (pull: never)`, {
      exit_status: 1,
    });
  }
}
