import { AwsError } from '../contracts';

/** ECR errors as the service names and words them (400 on the wire). */
export const ecrErrors = {
  invalidParameter: (message: string) => new AwsError('InvalidParameterException', message),
  repositoryNotFound: (name: string, registryId: string) =>
    new AwsError(
      'RepositoryNotFoundException',
      `The repository with name '${name}' does not exist in the registry with id '${registryId}'`,
    ),
  repositoryExists: (name: string, registryId: string) =>
    new AwsError(
      'RepositoryAlreadyExistsException',
      `The repository with name '${name}' already exists in the registry with id '${registryId}'`,
    ),
  repositoryNotEmpty: (name: string, registryId: string) =>
    new AwsError(
      'RepositoryNotEmptyException',
      `The repository with name '${name}' in registry with id '${registryId}' cannot be deleted because it still contains images`,
    ),
  imageNotFound: (id: { imageDigest?: string; imageTag?: string }, name: string, registryId: string) =>
    new AwsError(
      'ImageNotFoundException',
      `The image with imageId {imageDigest:'${id.imageDigest ?? 'null'}', imageTag:'${id.imageTag ?? 'null'}'} does not exist within the repository with name '${name}' in the registry with id '${registryId}'`,
    ),
  /** The linked registry did not answer as a registry should: a server-side fault, said with the fix. */
  registryUnavailable: (host: string, detail: string) =>
    new AwsError(
      'ServerException',
      `lava-aws-local serves ECR images from the registry at ${host}, which did not answer (${detail}); start it with scripts/ensure-registry.sh`,
      500,
      undefined,
      'Receiver',
    ),
};
