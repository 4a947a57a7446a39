/**
 * SMB and SFTP throughput of one 200 MB file (LAVA_BENCH_TRANSFER_MB to change) against the
 * project's own local servers (scripts/ensure-samba.sh, ensure-sshd.sh): Lava's SmbClient and
 * SftpClient next to the `smbclient` and `sftp` command-line clients doing the same transfer.
 * Prints one table (MB/s, higher is better). Run: npm run bench -w test (file-transfer part).
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createDefaultRegistry,
  SftpClient,
  SmbClient,
  type ResolvedSmbConnection,
  type ResolvedSshConnection,
} from '@lava/connectors';
import { InMemorySecrets } from '@lava/connectors/testing';
import { ensureSamba, ensureSshd } from '@lava/testing';

const MB = Number(process.env.LAVA_BENCH_TRANSFER_MB ?? 200);

async function timed(fn: () => Promise<unknown> | unknown): Promise<number> {
  const t0 = process.hrtime.bigint();
  await fn();
  return MB / (Number(process.hrtime.bigint() - t0) / 1e9);
}

async function main(): Promise<void> {
  const samba = ensureSamba();
  const sshd = ensureSshd();
  const work = mkdtempSync(join(tmpdir(), 'lava-bench-transfer-'));
  const src = join(work, 'src.bin');
  writeFileSync(src, randomBytes(MB * 1024 * 1024));
  const secrets = new InMemorySecrets({ '/smb': samba.password, '/key': sshd.privateKey });
  const registry = createDefaultRegistry();
  const smbConn = (await registry.resolve(
    {
      conn_id: 'b',
      type: 'smb',
      enabled: true,
      host: samba.host,
      port: samba.port,
      user: samba.user,
      password: '/smb',
      remote_name: 'bench',
    },
    { secrets },
  )) as ResolvedSmbConnection;
  const sshConn = (await registry.resolve(
    {
      conn_id: 's',
      type: 'sftp',
      enabled: true,
      ssh_key: '/key',
      known_hosts: sshd.knownHosts,
      host: sshd.host,
      port: sshd.port,
      user: sshd.user,
    },
    { secrets },
  )) as ResolvedSshConnection;
  const rows: Array<[string, number, number]> = [];
  try {
    const smb = await SmbClient.open(smbConn, { tmpRoot: work });
    const lavaSmb: [number, number] = [
      await timed(() => smb.put(src, samba.share, 'bench.bin')),
      await timed(() => smb.get(samba.share, 'bench.bin', join(work, 'g1'))),
    ];
    await smb.close();
    const auth = join(work, 'auth');
    writeFileSync(auth, `username = ${samba.user}\npassword = ${samba.password}\n`, { mode: 0o600 });
    const cli = (c: string) => () =>
      execFileSync(
        'smbclient',
        ['//bench/' + samba.share, '-A', auth, '-I', samba.host, '-p', String(samba.port), '-c', c],
        { stdio: 'ignore' },
      );
    rows.push(['smb  Lava SmbClient (drives smbclient)', ...lavaSmb]);
    rows.push([
      'smb  smbclient CLI',
      await timed(cli(`put ${src} bench2.bin`)),
      await timed(cli(`get bench2.bin ${join(work, 'g2')}`)),
    ]);
    const sftp = await SftpClient.connect(sshConn);
    rows.push([
      'sftp Lava SftpClient (ssh2, in-process)',
      await timed(() => sftp.put(src, 'bench.bin')),
      await timed(() => sftp.get('bench.bin', join(work, 'g3'))),
    ]);
    sftp.close();
    const key = join(work, 'key');
    writeFileSync(key, sshd.privateKey, { mode: 0o600 });
    const kh = join(work, 'kh');
    writeFileSync(kh, `${sshd.knownHosts}\n`);
    const sftpCli = (c: string) => () =>
      execFileSync(
        'sftp',
        [
          '-q',
          '-F',
          '/dev/null',
          '-i',
          key,
          '-o',
          `UserKnownHostsFile=${kh}`,
          '-o',
          'BatchMode=yes',
          '-P',
          String(sshd.port),
          '-b',
          '-',
          `${sshd.user}@${sshd.host}`,
        ],
        { input: `${c}\n`, stdio: ['pipe', 'ignore', 'ignore'] },
      );
    rows.push([
      'sftp sftp CLI (OpenSSH)',
      await timed(sftpCli(`put ${src} bench2.bin`)),
      await timed(sftpCli(`get bench2.bin ${join(work, 'g4')}`)),
    ]);
  } finally {
    rmSync(work, { recursive: true, force: true });
    rmSync(join(samba.shareDir, 'bench.bin'), { force: true });
    rmSync(join(samba.shareDir, 'bench2.bin'), { force: true });
    rmSync(join(sshd.home, 'bench.bin'), { force: true });
    rmSync(join(sshd.home, 'bench2.bin'), { force: true });
  }
  console.log(
    `\nfile transfer, ${MB} MB, local servers (load ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')})`,
  );
  console.log('| client | put MB/s | get MB/s |\n|---|---:|---:|');
  for (const [name, put, get] of rows) console.log(`| ${name} | ${put.toFixed(1)} | ${get.toFixed(1)} |`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
