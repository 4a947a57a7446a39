import { startAwsLocal } from '@lava/aws-local';
import { Agent, request } from 'node:http';
const agent = new Agent({ keepAlive: true, maxSockets: 64 });
function call(url: URL, op: string, body: object): Promise<any> {
  return new Promise((resolve, reject) => {
    const data = JSON.stringify(body);
    const req = request({ agent, host: url.hostname, port: url.port, method: 'POST', path: '/', headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': `AmazonSQS.${op}`, 'content-length': Buffer.byteLength(data) } }, (res) => {
      const chunks: Buffer[] = []; res.on('data', (c) => chunks.push(c)); res.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString() || '{}')));
    });
    req.on('error', reject); req.end(data);
  });
}
(async () => {
  const aws = await startAwsLocal({ port: 0 });
  const url = new URL(aws.url);
  const { QueueUrl } = await call(url, 'CreateQueue', { QueueName: 'q' });
  let n = 0; const end = Date.now() + 2000; const t0 = Date.now();
  while (Date.now() < end) {
    await call(url, 'SendMessage', { QueueUrl, MessageBody: 'x' });
    const r = await call(url, 'ReceiveMessage', { QueueUrl });
    await call(url, 'DeleteMessage', { QueueUrl, ReceiptHandle: r.Messages[0].ReceiptHandle });
    n++;
  }
  console.log('raw sequential rt/s', (n / ((Date.now() - t0) / 1000)).toFixed(0));
  await aws.stop();
})();
