import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { HealthModule } from './health.module';

describe('HealthModule.forProbe', () => {
  const probe = async () => ({});

  it('closes the server app it owns when the health app closes', async () => {
    const close = jest.fn(async () => undefined);
    const server = { close } as unknown as INestApplication;
    const health = await NestFactory.createApplicationContext(HealthModule.forProbe(probe, server), {
      logger: false,
    });
    expect(close).not.toHaveBeenCalled();
    await health.close();
    expect(close).toHaveBeenCalledTimes(1);
  });

  it('owns no server app when none is given', async () => {
    const health = await NestFactory.createApplicationContext(HealthModule.forProbe(probe), {
      logger: false,
    });
    await expect(health.close()).resolves.toBeUndefined();
  });
});
