/** testcontainers, used only when a container runtime answers; loaded lazily so that a machine without one pays nothing. */
export interface StartedContainer {
  host: string;
  port: number;
  stop(): Promise<void>;
}

export type ContainerProbe = { available: true } | { available: false; reason: string };

let probe: Promise<ContainerProbe> | undefined;

export function probeContainerRuntime(): Promise<ContainerProbe> {
  if (process.env.TESTCONTAINERS === "off") {
    return Promise.resolve({ available: false, reason: "TESTCONTAINERS=off" });
  }
  probe ??= import("testcontainers")
    .then(({ getContainerRuntimeClient }) => getContainerRuntimeClient())
    .then(
      (): ContainerProbe => ({ available: true }),
      (error: unknown): ContainerProbe => ({
        available: false,
        reason: String((error as Error).message ?? error),
      }),
    );
  return probe;
}

export async function startContainer(
  image: string,
  containerPort: number,
  environment: Record<string, string> = {},
): Promise<StartedContainer> {
  const { GenericContainer, Wait } = await import("testcontainers");
  const container = await new GenericContainer(image)
    .withExposedPorts(containerPort)
    .withEnvironment(environment)
    .withWaitStrategy(Wait.forListeningPorts())
    .start();
  return {
    host: container.getHost(),
    port: container.getMappedPort(containerPort),
    stop: async () => {
      await container.stop();
    },
  };
}
