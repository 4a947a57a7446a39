#!/usr/bin/env node
// Uploads docker/demo/payloads/* under the demo realm's s3_payloads (read from lava.realms),
// so the `exe` sample job finds its executable. Uses the SDK shipped in the CLI image.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { DynamoDBClient, GetItemCommand } = require('@aws-sdk/client-dynamodb');
const { S3Client, PutObjectCommand } = require('@aws-sdk/client-s3');

async function main() {
  const realm = process.env.LAVA_REALM || 'demo';
  const dir = path.join(__dirname, 'payloads');
  const region = process.env.AWS_REGION || process.env.AWS_DEFAULT_REGION || 'us-east-1';
  const item = await new DynamoDBClient({ region }).send(new GetItemCommand({ TableName: 'lava.realms', Key: { realm: { S: realm } } }));
  const root = item.Item && item.Item.s3_payloads && item.Item.s3_payloads.S;
  const match = /^s3:\/\/([^/]+)\/?(.*)$/.exec(root || '');
  if (!match) throw new Error(`realm ${realm} has no s3_payloads`);
  const [, bucket, prefix] = match;
  // Path-style addressing: local endpoints (LocalStack, aws-local) have no per-bucket DNS.
  const s3 = new S3Client({ region, forcePathStyle: Boolean(process.env.AWS_ENDPOINT_URL) });
  for (const name of fs.readdirSync(dir)) {
    const key = [prefix.replace(/\/$/, ''), 'demo', name].filter(Boolean).join('/');
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: fs.readFileSync(path.join(dir, name)) }));
    process.stdout.write(`uploaded s3://${bucket}/${key}\n`);
  }
}

main().catch((err) => {
  process.stderr.write(`upload-payloads: ${err.message}\n`);
  process.exitCode = 1;
});
