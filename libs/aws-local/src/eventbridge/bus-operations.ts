import { AwsError } from '../contracts';
import { busNameOf, DEFAULT_BUS } from './arns';
import { paginate } from './paging';
import type { BusRecord, RegionState } from './state';
import { tagsFromInput } from './tags';
import {
  checkName,
  BUS_NAME,
  optionalLimit,
  optionalString,
  requireString,
  validationError,
  type Input,
} from './validation';
import { busToWire } from './wire';

/** The named bus (name or ARN; absent = default) or ResourceNotFoundException as AWS words it. */
export function requireBus(region: RegionState, nameOrArn: string | undefined): BusRecord {
  const name = busNameOf(nameOrArn);
  const bus = region.buses.get(name);
  if (!bus) throw new AwsError('ResourceNotFoundException', `Event bus ${name} does not exist.`);
  return bus;
}

export function createEventBus(region: RegionState, input: Input, now: Date): Record<string, unknown> {
  const name = requireString(input, 'Name');
  checkName(name, 'Name', BUS_NAME, 256);
  if (name === DEFAULT_BUS) throw validationError('Event bus name default is reserved.');
  if (region.buses.has(name))
    throw new AwsError('ResourceAlreadyExistsException', `Event bus ${name} already exists.`);
  const description = optionalString(input, 'Description');
  const bus = region.addBus(name, now, description, tagsFromInput(input['Tags']));
  return description === undefined
    ? { EventBusArn: bus.arn }
    : { EventBusArn: bus.arn, Description: description };
}

export function describeEventBus(region: RegionState, input: Input): Record<string, unknown> {
  return busToWire(requireBus(region, optionalString(input, 'Name')));
}

export function deleteEventBus(region: RegionState, input: Input): Record<string, unknown> {
  const name = busNameOf(requireString(input, 'Name'));
  if (name === DEFAULT_BUS) throw validationError('Cannot delete event bus default.');
  // Deleting a bus that does not exist succeeds on AWS; its rules and targets go with it.
  if (region.buses.delete(name)) region.touch();
  return {};
}

export function listEventBuses(region: RegionState, input: Input): Record<string, unknown> {
  const prefix = optionalString(input, 'NamePrefix') ?? '';
  const buses = [...region.buses.values()].filter((b) => b.name.startsWith(prefix));
  const page = paginate(buses, (b) => b.name, optionalLimit(input), input['NextToken']);
  return { EventBuses: page.items.map(busToWire), ...(page.nextToken ? { NextToken: page.nextToken } : {}) };
}
