import type { IncomingMessage } from 'node:http';
import { routeRequest, serviceForAction } from './edge-router';

function req(headers: Record<string, string>, method = 'POST', url = '/'): IncomingMessage {
  return { headers, method, url } as unknown as IncomingMessage;
}

const auth = (service: string) =>
  `AWS4-HMAC-SHA256 Credential=AKID/20250101/eu-west-1/${service}/aws4_request, SignedHeaders=host, Signature=x`;

describe('edge routing', () => {
  it('routes by X-Amz-Target first', () => {
    expect(routeRequest(req({ 'x-amz-target': 'AmazonSQS.SendMessage' }))).toEqual({
      kind: 'json',
      service: 'sqs',
      prefix: 'AmazonSQS',
      operation: 'SendMessage',
    });
    expect(routeRequest(req({ 'x-amz-target': 'secretsmanager.GetSecretValue' }))).toMatchObject({
      service: 'secretsmanager',
    });
    expect(routeRequest(req({ 'x-amz-target': 'DynamoDB_20120810.PutItem' }))).toEqual({ kind: 'dynamodb' });
    expect(routeRequest(req({ 'x-amz-target': 'DynamoDBStreams_20120810.ListStreams' }))).toMatchObject({
      kind: 'reject',
      code: 'UnknownOperationException',
    });
    expect(routeRequest(req({ 'x-amz-target': 'Bogus.Op' }))).toMatchObject({ kind: 'reject' });
  });

  it('then by the SigV4 scope', () => {
    expect(routeRequest(req({ authorization: auth('sns') }))).toEqual({ kind: 'query', service: 'sns' });
    expect(routeRequest(req({ authorization: auth('sts') }))).toEqual({ kind: 'query', service: 'sts' });
    expect(routeRequest(req({ authorization: auth('s3') }, 'GET'))).toEqual({ kind: 's3' });
    expect(routeRequest(req({ authorization: auth('ssm') }))).toMatchObject({ kind: 'reject' });
    expect(
      routeRequest(req({}, 'GET', '/b/k?X-Amz-Credential=AKID%2F20250101%2Fus-east-1%2Fs3%2Faws4_request')),
    ).toEqual({ kind: 's3' });
  });

  it('then by form Action, else S3', () => {
    expect(routeRequest(req({ 'content-type': 'application/x-www-form-urlencoded' }))).toMatchObject({
      kind: 'form',
    });
    expect(serviceForAction('GetCallerIdentity')).toBe('sts');
    expect(serviceForAction('Publish')).toBe('sns');
    expect(serviceForAction('SendMessage')).toBe('sqs');
    expect(serviceForAction(undefined)).toBeUndefined();
    expect(routeRequest(req({}, 'GET', '/bucket/key'))).toEqual({ kind: 's3' });
  });

  it('answers the unsigned container health probe, and leaves signed requests to those paths to S3', () => {
    expect(routeRequest(req({}, 'GET', '/health/live'))).toEqual({ kind: 'health' });
    expect(routeRequest(req({}, 'GET', '/health/ready?x=1'))).toEqual({ kind: 'health' });
    expect(routeRequest(req({}, 'PUT', '/health/live'))).toEqual({ kind: 's3' });
    expect(routeRequest(req({}, 'GET', '/health/other'))).toEqual({ kind: 's3' });
    expect(routeRequest(req({ authorization: auth('s3') }, 'GET', '/health/live'))).toEqual({ kind: 's3' });
  });
});
