/** What the ECS emulation needs from a container engine (Docker in production, a double in unit tests). */

/** One container of a task, as the engine creates it. */
export interface ContainerSpec {
  name: string;
  image: string;
  entryPoint?: string[];
  command?: string[];
  env: Record<string, string>;
  workingDirectory?: string;
  user?: string;
  /** Hard memory limit in MiB. */
  memoryMiB?: number;
  /** CPU units (1024 = one vCPU). */
  cpuUnits?: number;
  labels: Record<string, string>;
}

/** A line a container wrote, with the time it was read. */
export interface OutputLine {
  stream: 'stdout' | 'stderr';
  text: string;
  timestamp: number;
}

export interface RunningContainer {
  /** The engine's container id (ECS `runtimeId`). */
  id: string;
  /** Resolves with the exit code once the container has exited and its output is drained. */
  exited: Promise<number>;
}

export interface ContainerEngine {
  /** Throws when the engine does not answer (checked before a task is accepted). */
  assertAvailable(): Promise<void>;
  /** Makes sure the image is present (pulling it when it is not); throws with the reason when it cannot. */
  ensureImage(image: string): Promise<void>;
  /** Creates and starts a container; every output line goes to `onLine` until it exits. */
  start(spec: ContainerSpec, onLine: (line: OutputLine) => void): Promise<RunningContainer>;
  /** SIGTERM, then SIGKILL after `graceSeconds`. Does nothing when the container already stopped. */
  stop(id: string, graceSeconds: number): Promise<void>;
  remove(id: string): Promise<void>;
  /** Removes every container this engine started (endpoint shutdown). */
  removeAll(): Promise<void>;
}
