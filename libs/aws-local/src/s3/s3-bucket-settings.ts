import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { Persistable } from '../contracts';
import { escapeXml } from '../edge/query-protocol';

const XMLNS = 'http://s3.amazonaws.com/doc/2006-03-01/';
const XSI = 'http://www.w3.org/2001/XMLSchema-instance';
const GROUPS = 'http://acs.amazonaws.com/groups/';

/** One ACL grant, as S3 models it. */
export interface AclGrant {
  type: 'CanonicalUser' | 'Group' | 'AmazonCustomerByEmail';
  /** Canonical id, group URI or e-mail address. */
  value: string;
  permission: string;
}

interface BucketRecord {
  account: string;
  /** Grants beyond the owner's own FULL_CONTROL. */
  grants: AclGrant[];
  /** Default-encryption rules XML; undefined = the endpoint's default. */
  encryption?: string;
  /** `<LoggingEnabled>` block; undefined = logging off. */
  logging?: string;
  /** ObjectOwnership; null = controls deleted. */
  ownership: string | null;
}

/** A settings call's answer: status and XML body (empty for writes). */
export interface SettingsReply {
  status: number;
  body: string;
}

/** The settings subresources this class answers for (s3rver answers NotImplemented for them). */
export const BUCKET_SETTINGS = ['acl', 'encryption', 'logging', 'ownershipControls'] as const;
export type BucketSetting = (typeof BUCKET_SETTINGS)[number];

const CANNED: Record<string, Array<[string, string]>> = {
  private: [],
  'public-read': [['global/AllUsers', 'READ']],
  'public-read-write': [
    ['global/AllUsers', 'READ'],
    ['global/AllUsers', 'WRITE'],
  ],
  'authenticated-read': [['global/AuthenticatedUsers', 'READ']],
  'log-delivery-write': [
    ['s3/LogDelivery', 'WRITE'],
    ['s3/LogDelivery', 'READ_ACP'],
  ],
};
const GRANT_HEADERS: Record<string, string> = {
  'x-amz-grant-read': 'READ',
  'x-amz-grant-write': 'WRITE',
  'x-amz-grant-read-acp': 'READ_ACP',
  'x-amz-grant-write-acp': 'WRITE_ACP',
  'x-amz-grant-full-control': 'FULL_CONTROL',
};
const OWNERSHIPS = new Set(['BucketOwnerEnforced', 'BucketOwnerPreferred', 'ObjectWriter']);
const ALGORITHMS = new Set(['AES256', 'aws:kms', 'aws:kms:dsse']);

/** The canonical user id of an account: stable, 64 hex digits like S3's. */
export function canonicalId(account: string): string {
  return createHash('sha256').update(`aws-local:${account}`).digest('hex');
}

function tag(xml: string, name: string): string | undefined {
  return new RegExp(`<${name}(?:\\s[^>]*)?>([\\s\\S]*?)</${name}>`).exec(xml)?.[1]?.trim();
}

function error(status: number, code: string, message: string, bucket: string): SettingsReply {
  const body = `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${escapeXml(message)}</Message><BucketName>${escapeXml(bucket)}</BucketName></Error>`;
  return { status, body };
}

const ok = (body = ''): SettingsReply => ({
  status: 200,
  body: body && `<?xml version="1.0" encoding="UTF-8"?>${body}`,
});

/**
 * Bucket settings s3rver lacks: ACLs (with the owning account), default encryption, server
 * access logging (recorded only: no log objects are written) and object ownership. New buckets
 * get S3's current defaults: ownership `BucketOwnerEnforced` (ACLs disabled until changed) and
 * SSE-S3 default encryption, unless the endpoint was started without default encryption to
 * stand for an S3-compatible store that has none.
 */
export class S3BucketSettings implements Persistable {
  private readonly buckets = new Map<string, BucketRecord>();

  constructor(private readonly defaultEncryption = true) {}

  /** Refuses a CreateBucket whose ACL headers conflict with its object ownership, as S3 does. */
  checkCreate(bucket: string, headers: IncomingHttpHeaders): SettingsReply | undefined {
    const ownership = String(headers['x-amz-object-ownership'] ?? 'BucketOwnerEnforced');
    if (!OWNERSHIPS.has(ownership))
      return error(400, 'InvalidArgument', 'Invalid x-amz-object-ownership', bucket);
    const grants = this.headerGrants(headers);
    if (grants === 'invalid') return error(400, 'InvalidArgument', 'Invalid canned ACL', bucket);
    if (ownership === 'BucketOwnerEnforced' && grants.length > 0)
      return error(
        400,
        'InvalidBucketAclWithObjectOwnership',
        "Bucket cannot have ACLs set with ObjectOwnership's BucketOwnerEnforced setting",
        bucket,
      );
    return undefined;
  }

  /** Records a bucket s3rver just created (owner = the caller's account). */
  created(bucket: string, account: string, headers: IncomingHttpHeaders): void {
    const grants = this.headerGrants(headers);
    this.buckets.set(bucket, {
      account,
      grants: grants === 'invalid' ? [] : grants,
      ownership: String(headers['x-amz-object-ownership'] ?? 'BucketOwnerEnforced'),
    });
  }

  forget(bucket: string): void {
    this.buckets.delete(bucket);
  }

  /** Owner block of ListBuckets for the calling account. */
  ownerXml(account: string): string {
    return `<Owner><ID>${canonicalId(account)}</ID><DisplayName>${account}</DisplayName></Owner>`;
  }

  /** Answers Get/Put/Delete of one settings subresource of an existing bucket. */
  handle(
    method: string,
    bucket: string,
    setting: BucketSetting,
    headers: IncomingHttpHeaders,
    body: string,
  ): SettingsReply {
    const rec = this.record(bucket);
    switch (setting) {
      case 'acl':
        return method === 'PUT' ? this.putAcl(rec, bucket, headers, body) : ok(this.aclXml(rec));
      case 'encryption':
        return this.encryption(method, rec, bucket, body);
      case 'logging':
        return method === 'PUT' ? this.putLogging(rec, bucket, body) : ok(this.loggingXml(rec));
      case 'ownershipControls':
        return this.ownershipControls(method, rec, bucket, body);
    }
  }

  /** Bucket named as a logging target must exist: the proxy asks s3rver. */
  loggingTarget(body: string): string | undefined {
    return tag(tag(body, 'LoggingEnabled') ?? '', 'TargetBucket');
  }

  // Buckets created before this class knew them (restored s3rver data) belong to the default account.
  private record(bucket: string): BucketRecord {
    let rec = this.buckets.get(bucket);
    if (rec === undefined) {
      rec = { account: '000000000000', grants: [], ownership: 'BucketOwnerEnforced' };
      this.buckets.set(bucket, rec);
    }
    return rec;
  }

  private putAcl(
    rec: BucketRecord,
    bucket: string,
    headers: IncomingHttpHeaders,
    body: string,
  ): SettingsReply {
    const grants = body.trim() === '' ? this.headerGrants(headers) : this.bodyGrants(body, rec);
    if (grants === 'invalid')
      return error(400, 'MalformedACLError', 'The ACL you provided was not well formed', bucket);
    if (rec.ownership === 'BucketOwnerEnforced' && grants.length > 0)
      return error(400, 'AccessControlListNotSupported', 'The bucket does not allow ACLs', bucket);
    rec.grants = grants;
    return ok();
  }

  private aclXml(rec: BucketRecord): string {
    const owner = canonicalId(rec.account);
    const grant = (g: AclGrant): string => {
      const who =
        g.type === 'Group'
          ? `<URI>${escapeXml(g.value)}</URI>`
          : g.type === 'CanonicalUser'
            ? `<ID>${escapeXml(g.value)}</ID>`
            : `<EmailAddress>${escapeXml(g.value)}</EmailAddress>`;
      return `<Grant><Grantee xmlns:xsi="${XSI}" xsi:type="${g.type}">${who}</Grantee><Permission>${g.permission}</Permission></Grant>`;
    };
    const all = [
      { type: 'CanonicalUser', value: owner, permission: 'FULL_CONTROL' } as AclGrant,
      ...rec.grants,
    ];
    return `<AccessControlPolicy xmlns="${XMLNS}"><Owner><ID>${owner}</ID><DisplayName>${rec.account}</DisplayName></Owner><AccessControlList>${all.map(grant).join('')}</AccessControlList></AccessControlPolicy>`;
  }

  /** Grants from `x-amz-acl` or `x-amz-grant-*` headers (the owner's own grant left implicit). */
  private headerGrants(headers: IncomingHttpHeaders): AclGrant[] | 'invalid' {
    const canned = headers['x-amz-acl'];
    if (canned !== undefined) {
      const list = CANNED[String(canned)];
      if (list === undefined) return 'invalid';
      return list.map(([group, permission]) => ({ type: 'Group', value: `${GROUPS}${group}`, permission }));
    }
    const grants: AclGrant[] = [];
    for (const [header, permission] of Object.entries(GRANT_HEADERS)) {
      for (const m of String(headers[header] ?? '').matchAll(/(id|uri|emailAddress)="([^"]*)"/g)) {
        const type = m[1] === 'uri' ? 'Group' : m[1] === 'id' ? 'CanonicalUser' : 'AmazonCustomerByEmail';
        grants.push({ type, value: m[2]!, permission });
      }
    }
    return grants;
  }

  private bodyGrants(body: string, rec: BucketRecord): AclGrant[] | 'invalid' {
    if (tag(body, 'AccessControlList') === undefined) return 'invalid';
    const owner = canonicalId(rec.account);
    const grants: AclGrant[] = [];
    for (const m of body.matchAll(/<Grant>([\s\S]*?)<\/Grant>/g)) {
      const block = m[1]!;
      const permission = tag(block, 'Permission');
      const uri = tag(block, 'URI');
      const id = tag(block, 'ID');
      const email = tag(block, 'EmailAddress');
      if (!permission) return 'invalid';
      if (uri) grants.push({ type: 'Group', value: uri, permission });
      else if (id) {
        if (!(id === owner && permission === 'FULL_CONTROL'))
          grants.push({ type: 'CanonicalUser', value: id, permission });
      } else if (email) grants.push({ type: 'AmazonCustomerByEmail', value: email, permission });
      else return 'invalid';
    }
    return grants;
  }

  private encryption(method: string, rec: BucketRecord, bucket: string, body: string): SettingsReply {
    if (method === 'DELETE') {
      delete rec.encryption;
      return { status: 204, body: '' };
    }
    if (method === 'PUT') {
      const rule = tag(body, 'Rule');
      const algorithm = tag(rule ?? '', 'SSEAlgorithm');
      if (rule === undefined || algorithm === undefined || !ALGORITHMS.has(algorithm))
        return error(
          400,
          'MalformedXML',
          'The XML you provided was not well-formed or did not validate against our published schema',
          bucket,
        );
      rec.encryption = `<Rule>${rule}</Rule>`;
      return ok();
    }
    const rules =
      rec.encryption ??
      (this.defaultEncryption
        ? '<Rule><ApplyServerSideEncryptionByDefault><SSEAlgorithm>AES256</SSEAlgorithm></ApplyServerSideEncryptionByDefault><BucketKeyEnabled>false</BucketKeyEnabled></Rule>'
        : undefined);
    if (rules === undefined)
      return error(
        404,
        'ServerSideEncryptionConfigurationNotFoundError',
        'The server side encryption configuration was not found',
        bucket,
      );
    return ok(
      `<ServerSideEncryptionConfiguration xmlns="${XMLNS}">${rules}</ServerSideEncryptionConfiguration>`,
    );
  }

  private putLogging(rec: BucketRecord, bucket: string, body: string): SettingsReply {
    const enabled = tag(body, 'LoggingEnabled');
    if (enabled === undefined) {
      delete rec.logging;
      return ok();
    }
    const target = tag(enabled, 'TargetBucket');
    if (!target || tag(enabled, 'TargetPrefix') === undefined)
      return error(
        400,
        'MalformedXML',
        'The XML you provided was not well-formed or did not validate against our published schema',
        bucket,
      );
    rec.logging = `<LoggingEnabled><TargetBucket>${escapeXml(target)}</TargetBucket><TargetPrefix>${escapeXml(tag(enabled, 'TargetPrefix')!)}</TargetPrefix></LoggingEnabled>`;
    return ok();
  }

  private loggingXml(rec: BucketRecord): string {
    return `<BucketLoggingStatus xmlns="${XMLNS}">${rec.logging ?? ''}</BucketLoggingStatus>`;
  }

  private ownershipControls(method: string, rec: BucketRecord, bucket: string, body: string): SettingsReply {
    if (method === 'DELETE') {
      rec.ownership = null;
      return { status: 204, body: '' };
    }
    if (method === 'PUT') {
      const value = tag(body, 'ObjectOwnership');
      if (value === undefined || !OWNERSHIPS.has(value))
        return error(
          400,
          'MalformedXML',
          'The XML you provided was not well-formed or did not validate against our published schema',
          bucket,
        );
      if (value === 'BucketOwnerEnforced' && rec.grants.length > 0)
        return error(
          400,
          'InvalidBucketAclWithObjectOwnership',
          "Bucket cannot have ACLs set with ObjectOwnership's BucketOwnerEnforced setting",
          bucket,
        );
      rec.ownership = value;
      return ok();
    }
    if (rec.ownership === null)
      return error(
        404,
        'OwnershipControlsNotFoundError',
        'The bucket ownership controls were not found',
        bucket,
      );
    return ok(
      `<OwnershipControls xmlns="${XMLNS}"><Rule><ObjectOwnership>${rec.ownership}</ObjectOwnership></Rule></OwnershipControls>`,
    );
  }

  snapshot(): unknown {
    return [...this.buckets.entries()];
  }

  restore(data: unknown): void {
    for (const [bucket, rec] of (data as [string, BucketRecord][] | undefined) ?? [])
      this.buckets.set(bucket, rec);
  }
}
