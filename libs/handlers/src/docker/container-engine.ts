import type { Writable } from 'node:stream';

/** A registry login sent with a pull (to the engine only, never into a container). */
export interface PullAuth {
  server: string;
  username: string;
  password: string;
  email?: string;
}

/** What a container is created with (Docker API names where they are Docker's). */
export interface ContainerSpec {
  name: string;
  image: string;
  /** Undefined: the image's entry point and command. */
  cmd?: string[];
  env: Record<string, string>;
  labels: Record<string, string>;
  workingDir: string;
  hostname?: string;
  user?: string;
  /** Docker API `HostConfig` (binds, limits, network mode...). */
  hostConfig: Record<string, unknown>;
  /** Docker API `NetworkDisabled`. */
  networkDisabled?: boolean;
}

/** A container as listed: its id and labels. */
export interface ContainerSummary {
  id: string;
  labels: Record<string, string>;
  state: string;
}

/**
 * The Docker engine as the docker job type and the worker's reaper use it: a seam so the handler
 * is unit-tested with a double and `DockerodeEngine` is the only code that talks to Docker.
 */
export interface ContainerEngine {
  hasImage(image: string): Promise<boolean>;
  /** Pulls `image`; rejects with ImagePullError (bad credentials, no such image, unreachable). */
  pull(image: string, auth: PullAuth | undefined): Promise<void>;
  create(spec: ContainerSpec): Promise<string>;
  /**
   * Attaches stdout/stderr before start; `drained` settles when the streams end (after the
   * container exits), so every byte is written before the caller uploads.
   */
  attach(id: string, stdout: Writable, stderr: Writable): Promise<{ drained: Promise<void> }>;
  start(id: string): Promise<void>;
  /** Resolves with the exit status once the container stops. */
  wait(id: string): Promise<number>;
  /** Kills (when running) and removes the container with its anonymous volumes; a missing one is fine. */
  remove(id: string): Promise<void>;
  /** Containers (running or not) carrying every label given. */
  list(labels: Record<string, string>): Promise<ContainerSummary[]>;
  /** How a helper process reaches the engine's HTTP API (undefined for TLS/SSH engines). */
  readonly plainEndpoint: PlainEndpoint | undefined;
}

/** An engine reachable without TLS: a unix socket or a plain TCP host and port. */
export type PlainEndpoint = { socketPath: string } | { host: string; port: number };

/** Makes engines: the worker's own (no settings) or the one a `docker` connection names. */
export interface ContainerEngineFactory {
  engine(settings?: { server?: string; tls: boolean; timeoutSeconds?: number }): ContainerEngine;
}
