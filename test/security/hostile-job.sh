#!/bin/sh
# A hostile job: tries every way around its sandbox and prints one RESULT line per attempt.
# Arguments: endpoint, realm, broker url, victim conn file, victim stdout file, worker pid,
# a real grant of the victim's run (as if copied from the queue), victim run id.
endpoint=$1 realm=$2 broker=$3 connfile=$4 outfile=$5 wpid=$6 grant=$7 vrun=$8
echo "ENV-BEGIN"; env; echo "ENV-END"
echo "PROC-BEGIN"; for p in /proc/[0-9]*; do tr '\0' '\n' < "$p/environ" 2>/dev/null; done; tr '\0' '\n' < "/proc/$wpid/environ" 2>/dev/null; echo "PROC-END"
echo "PROCCOUNT $(ls -d /proc/[0-9]* | wc -l)"
if cat "$connfile" >/dev/null 2>&1; then echo "RESULT conn-file READ"; else echo "RESULT conn-file DENIED"; fi
if cat "$outfile" >/dev/null 2>&1; then echo "RESULT other-output READ"; else echo "RESULT other-output DENIED"; fi
vdir=${connfile%/.lava-conn/*}
if ls "$vdir" >/dev/null 2>&1; then echo "RESULT other-run-dir VISIBLE"; else echo "RESULT other-run-dir HIDDEN"; fi
if [ ! -e "/proc/$wpid" ]; then echo "RESULT worker-environ HIDDEN"; elif cat "/proc/$wpid/environ" >/dev/null 2>&1; then echo "RESULT worker-environ READ"; else echo "RESULT worker-environ DENIED"; fi
if [ ! -e "/proc/$wpid" ]; then echo "RESULT signal-worker HIDDEN"; elif kill -0 "$wpid" 2>/dev/null; then echo "RESULT signal-worker SENT"; else echo "RESULT signal-worker DENIED"; fi
vpid=; for p in /proc/[0-9]*; do if [ "$(tr '\0' ' ' < "$p/cmdline" 2>/dev/null)" = "sleep 40 " ]; then vpid=${p#/proc/}; fi; done
if [ -z "$vpid" ]; then echo "RESULT signal-other-run HIDDEN"; elif kill -0 "$vpid" 2>/dev/null; then echo "RESULT signal-other-run SENT"; else echo "RESULT signal-other-run DENIED"; fi
node - "$endpoint" "$realm" "$broker" "$grant" "$vrun" <<'JS'
const [endpoint, realm, broker, grant, vrun] = process.argv.slice(2);
const crypto = require('node:crypto');
async function aws(target, body, auth) {
  try {
    const res = await fetch(endpoint, { method: 'POST', headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': target, ...(auth ? { authorization: auth, 'x-amz-date': new Date().toISOString().replace(/[-:]|\.\d+/g, '') } : {}) }, body: JSON.stringify(body) });
    const text = await res.text();
    return res.status === 200 ? `READ ${text.slice(0, 80)}` : `DENIED ${(/"__type":"([^"]+)"/.exec(text) || [])[1] || res.status}`;
  } catch (e) { return `DENIED ${e.cause?.code || e.message}`; }
}
async function broker_(grantToken, body, headers = {}) {
  try {
    const res = await fetch(`${broker}/v1/connections/victimdb`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${grantToken}`, ...headers }, body: JSON.stringify(body) });
    const text = await res.text();
    return res.status === 200 ? `READ ${text.slice(0, 40)}` : `DENIED ${(JSON.parse(text).code) || res.status}`;
  } catch (e) { return `DENIED ${e.cause?.code || e.message}`; }
}
(async () => {
  const fake = 'AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/ssm/aws4_request, SignedHeaders=host, Signature=' + '0'.repeat(64);
  console.log('RESULT ssm-unsigned', await aws('AmazonSSM.GetParameter', { Name: `/lava/${realm}/victim/password`, WithDecryption: true }));
  console.log('RESULT ssm-test-key', await aws('AmazonSSM.GetParameter', { Name: `/lava/${realm}/victim/password`, WithDecryption: true }, fake));
  console.log('RESULT secretsmanager-keyring', await aws('secretsmanager.GetSecretValue', { SecretId: `lava/${realm}/_grant-keys` }));
  console.log('RESULT secretsmanager-worker-key', await aws('secretsmanager.GetSecretValue', { SecretId: `lava/${realm}/_worker-keys/core` }, fake.replace('/ssm/', '/secretsmanager/')));
  const claims = { realm, job_id: 'victim', run_id: vrun, worker: 'core', conn_ids: ['victimdb'], iat: Math.floor(Date.now() / 1000), exp: Math.floor(Date.now() / 1000) + 600 };
  const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
  for (const kid of ['k1', grant.split('.')[1]]) {
    const signed = `lg1.${kid}.${body}`;
    const forged = `${signed}.${crypto.createHmac('sha256', crypto.randomBytes(32)).update(signed).digest('base64url')}`;
    console.log(`RESULT forged-grant-${kid === 'k1' ? 'guessed-kid' : 'real-kid'}`, await broker_(forged, { realm, worker: 'core', job_id: 'victim', run_id: vrun }));
  }
  console.log('RESULT replayed-grant-unsigned', await broker_(grant, { realm, worker: 'core', job_id: 'victim', run_id: vrun }));
  console.log('RESULT replayed-grant-forged-worker-signature', await broker_(grant, { realm, worker: 'core', job_id: 'victim', run_id: vrun }, { 'x-lava-worker-signature': `lw1.k1.${Math.floor(Date.now() / 1000)}.${crypto.randomBytes(32).toString('base64url')}` }));
  console.log('RESULT replayed-grant-other-run', await broker_(grant, { realm, worker: 'core', job_id: 'hostile', run_id: 'another-run' }));
})();
JS
